// Reading the PyTorch reference fixtures of the image layers (tests/fixtures/conv.txt, written by
// tests/reference/conv.py): "case LAYER NAME key=value ..." lines, each followed by
// "key values..." lines.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace axon::testing {

struct ReferenceCase {
  std::string layer;
  std::string name;
  std::map<std::string, std::string> settings;
  std::map<std::string, std::vector<float>> values;

  std::size_t count(const std::string& key) const { return std::stoul(settings.at(key)); }
  const std::vector<float>& at(const std::string& key) const {
    auto it = values.find(key);
    if (it == values.end()) throw std::runtime_error(name + ": no values for " + key);
    return it->second;
  }
};

/// The cases of `layer` in tests/fixtures/`file`.
inline std::vector<ReferenceCase> load_reference_cases(const std::string& file,
                                                       const std::string& layer) {
  const std::string path = std::string(AXON_TEST_DIR) + "/fixtures/" + file;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<ReferenceCase> cases;
  bool keep = false;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string key;
    words >> key;
    if (key == "case") {
      ReferenceCase c;
      words >> c.layer >> c.name;
      for (std::string setting; words >> setting;) {
        const std::size_t eq = setting.find('=');
        c.settings[setting.substr(0, eq)] = setting.substr(eq + 1);
      }
      keep = c.layer == layer;
      if (keep) cases.push_back(c);
      continue;
    }
    if (!keep) continue;
    std::vector<float>& values = cases.back().values[key];
    for (std::string token; words >> token;) values.push_back(std::stof(token));
  }
  return cases;
}

/// Each element within `relative` times the largest magnitude of `expected`, or within
/// `absolute` (for sums whose terms cancel: their rounding is relative to the terms, not the sum).
inline void expect_close_to_reference(std::span<const float> actual,
                                      const std::vector<float>& expected, const std::string& what,
                                      double relative = 1e-5, double absolute = 0.0) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  float scale = 0.0f;
  for (const float v : expected) scale = std::max(scale, std::abs(v));
  for (std::size_t i = 0; i < expected.size(); ++i)
    ASSERT_NEAR(actual[i], expected[i], std::max(relative * scale, absolute))
        << what << " [" << i << "]";
}

}  // namespace axon::testing
