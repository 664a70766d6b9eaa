// Output paths: each output's directory exists and is writable, an existing output is a regular
// file, no output names one of the run's inputs, and no two outputs name one file.
#include "output_paths.hpp"

#include <unistd.h>

#include <filesystem>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "axon/io/file_bytes.hpp"
#include "axon/tensor/error.hpp"

namespace axon::cli {
namespace {

namespace fs = std::filesystem;

void check_directory_writable(const std::string& flag, const std::string& path,
                              const fs::path& directory) {
  check(fs::is_directory(directory), "{} '{}': the directory '{}' does not exist", flag, path,
        directory.string());
  check(::access(directory.c_str(), W_OK) == 0, "{} '{}': the directory '{}' is not writable", flag,
        path, directory.string());
}

fs::path parent_directory(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

}  // namespace

void check_output_path(const std::string& flag, const std::string& path) {
  if (path.empty()) return;
  check(!fs::is_directory(path), "{} '{}' is a directory; give a file name", flag, path);
  try {
    check_output_file(path);  // a link, a device, a pipe or a socket is never replaced
  } catch (const Error& e) {
    throw Error(fmt::format("{} {}", flag, e.what()));
  }
  check_directory_writable(flag, path, parent_directory(path));
}

// --plots names a directory, made when it does not exist yet.
void check_plots_directory(const std::string& path) {
  if (path.empty()) return;
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (fs::exists(status)) {
    check(fs::is_directory(status), "--plots '{}' is a file; give a directory for the plots", path);
    check(::access(path.c_str(), W_OK) == 0, "--plots '{}': the directory is not writable", path);
    return;
  }
  check_directory_writable("--plots", path, parent_directory(path));
}

// The files a data source reads: "csv:d.csv" reads d.csv, "mnist:DIR" the files in DIR.
// Generators read none.
std::vector<std::string> input_files(const std::string& spec) {
  if (spec.empty()) return {};
  std::string path = spec;
  if (spec == "fashion-mnist" || spec == "fashion_mnist") {
    path = "/usr/share/datasets/fashion-mnist";
  } else if (std::error_code error; !fs::exists(spec, error)) {
    const std::size_t colon = spec.find(':');
    if (colon == std::string::npos) return {};
    path = spec.substr(colon + 1);
  }
  std::error_code error;
  if (fs::is_regular_file(path, error)) return {path};
  std::vector<std::string> files;
  if (fs::is_directory(path, error))
    for (const auto& entry : fs::directory_iterator(path, error))
      if (entry.is_regular_file(error)) files.push_back(entry.path().string());
  return files;
}

bool same_file(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return false;
  if (is_same_file(a, b)) return true;  // links and hard links to one file
  // weakly_canonical resolves the part that exists (links, ".."); lexically_normal the rest,
  // which it leaves as written when the file does not exist yet ("./m.axon").
  std::error_code error_a, error_b;
  const fs::path canonical_a = fs::weakly_canonical(fs::absolute(a), error_a).lexically_normal();
  const fs::path canonical_b = fs::weakly_canonical(fs::absolute(b), error_b).lexically_normal();
  return error_a || error_b ? a == b : canonical_a == canonical_b;
}

void check_not_an_input(const std::string& flag, const std::string& output,
                        const std::vector<std::pair<std::string, std::string>>& inputs) {
  for (const auto& [file, reader] : inputs)
    check(!same_file(output, file),
          "{} '{}' is a file that {} reads; writing it would destroy that input: give the output "
          "another name",
          flag, output, reader);
}

void check_output_paths(const TrainOptions& o) {
  // Checkpoints go to --checkpoint, or back to the --resume file.
  const std::string checkpoint = o.checkpoint.empty() ? o.resume : o.checkpoint;
  check_output_path("--save", o.save);
  check_output_path("--report", o.report);
  check_output_path(o.checkpoint.empty() ? "--resume" : "--checkpoint", checkpoint);
  check_plots_directory(o.plots);
  const std::pair<const char*, const std::string*> outputs[] = {
      {"--save", &o.save},
      {"--report", &o.report},
      {o.checkpoint.empty() ? "--resume (where checkpoints go)" : "--checkpoint", &checkpoint}};
  for (std::size_t i = 0; i < std::size(outputs); ++i)
    for (std::size_t j = i + 1; j < std::size(outputs); ++j)
      check(!same_file(*outputs[i].second, *outputs[j].second),
            "{} and {} name the same file '{}'; give them different names", outputs[i].first,
            outputs[j].first, *outputs[i].second);

  // An output over an input would destroy it: the data, or a checkpoint resumed into another.
  std::vector<std::pair<std::string, std::string>> inputs;  // (file, the flag that reads it)
  for (const std::string& file : input_files(o.data))
    inputs.emplace_back(file, fmt::format("--data '{}'", o.data));
  for (const std::string& file : input_files(o.test_data))
    inputs.emplace_back(file, fmt::format("--test_data '{}'", o.test_data));
  if (!o.checkpoint.empty() && !o.resume.empty())
    inputs.emplace_back(o.resume, fmt::format("--resume '{}'", o.resume));
  for (const auto& [flag, output] : outputs) check_not_an_input(flag, *output, inputs);
}

}  // namespace axon::cli
