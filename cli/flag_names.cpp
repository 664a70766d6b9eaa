// Flag spellings: underscore and dash forms of one name.
#include "flag_names.hpp"

#include <algorithm>
#include <cmath>

namespace axon::cli {

std::string flag_names(const std::string& name, const std::string& aliases) {
  std::string names = "--" + name;
  std::string dashed = name;
  std::replace(dashed.begin(), dashed.end(), '_', '-');
  if (dashed != name) names += ",--" + dashed;
  if (!aliases.empty()) names += "," + aliases;
  return names;
}

CLI::Validator positive() {
  return CLI::Validator(
      [](std::string& input) -> std::string {
        double value = 0.0;
        if (!CLI::detail::lexical_cast(input, value)) return "must be a number, got " + input;
        return value > 0.0 && std::isfinite(value) ? "" : "must be > 0, got " + input;
      },
      "POSITIVE");
}

CLI::Validator non_negative() {
  return CLI::Validator(
      [](std::string& input) -> std::string {
        double value = 0.0;
        if (!CLI::detail::lexical_cast(input, value)) return "must be a number, got " + input;
        return value >= 0.0 && std::isfinite(value) ? "" : "must be >= 0, got " + input;
      },
      "NONNEGATIVE");
}

}  // namespace axon::cli
