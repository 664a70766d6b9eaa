// Every case of tests/bad_inputs/manifest.txt, run through the built `axon`: exit code 2 (not a
// crash signal), the expected message on stderr, nothing on stdout for predict, and no output file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/temp_dir.hpp"
#include "reliability/process.hpp"

namespace axon {
namespace {

struct BadInput {
  std::string name;
  std::string arguments;
  std::string message;
};

std::string trim(const std::string& s) {
  const std::size_t begin = s.find_first_not_of(' '), end = s.find_last_not_of(' ');
  return begin == std::string::npos ? "" : s.substr(begin, end - begin + 1);
}

std::vector<BadInput> read_manifest() {
  std::ifstream in(std::string(AXON_TEST_DIR) + "/bad_inputs/manifest.txt");
  std::vector<BadInput> cases;
  for (std::string line; std::getline(in, line);) {
    if (trim(line).empty() || line.starts_with("#")) continue;
    const std::size_t a = line.find(" | "), b = line.find(" | ", a + 3);
    if (a == std::string::npos || b == std::string::npos) {
      cases.push_back({"malformed_manifest_line", line, ""});
      continue;
    }
    cases.push_back(
        {trim(line.substr(0, a)), trim(line.substr(a + 3, b - a - 3)), trim(line.substr(b + 3))});
  }
  return cases;
}

std::string substitute(std::string text, const std::string& key, const std::string& value) {
  for (std::size_t at; (at = text.find(key)) != std::string::npos;)
    text.replace(at, key.size(), value);
  return text;
}

// Test names and failure messages show the case by name, not as bytes.
void PrintTo(const BadInput& c, std::ostream* out) { *out << c.name; }

class BadInputs : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputs, ExitTwoWithMessageAndNoOutput) {
  const BadInput& c = GetParam();
  ASSERT_FALSE(c.message.empty()) << "manifest line: " << c.arguments;
  if (!std::filesystem::exists(test::axon_binary())) GTEST_SKIP() << "axon is not built";
  test::TempDir logs, out;
  const std::string in = std::string(AXON_TEST_DIR) + "/bad_inputs";
  const std::string arguments =
      substitute(substitute(c.arguments, "{in}", in), "{out}", out.path().string());
  const test::ProcessResult r =
      test::run_axon(test::split_words(arguments), logs.file("stdout"), logs.file("stderr"));
  const std::string err = test::read_text(logs.file("stderr"));
  const std::string message = substitute(c.message, "{out}", out.path().string());

  EXPECT_EQ(r.signal, 0) << "killed by signal " << r.signal << "\n" << err;
  EXPECT_EQ(r.exit_code, 2) << err;
  EXPECT_TRUE(err.starts_with("axon: error: ")) << err;
  EXPECT_NE(err.find(message), std::string::npos) << "expected: " << message << "\ngot: " << err;
  if (arguments.starts_with("predict")) {
    EXPECT_EQ(test::read_text(logs.file("stdout")), "");
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(out.path()))
    ADD_FAILURE() << "output left behind: " << entry.path();
}

INSTANTIATE_TEST_SUITE_P(Manifest, BadInputs, ::testing::ValuesIn(read_manifest()),
                         [](const ::testing::TestParamInfo<BadInput>& info) {
                           return info.param.name;
                         });

TEST(BadInputsManifest, ListsEnoughCases) { EXPECT_GE(read_manifest().size(), 60u); }

}  // namespace
}  // namespace axon
