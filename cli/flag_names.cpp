// Flag spellings: underscore and dash forms of one name.
#include "flag_names.hpp"

#include <algorithm>
#include <charconv>
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

CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
  return CLI::Validator(
      [min, max](std::string& input) -> std::string {
        const std::string expected = "must be a whole number from " + std::to_string(min) + " to " +
                                     std::to_string(max) + ", got " + input;
        std::uint64_t value = 0;
        const char* end = input.data() + input.size();
        const auto result = std::from_chars(input.data(), end, value);
        const bool digits = !input.empty() && input.front() != '-' && input.front() != '+';
        if (!digits || result.ec != std::errc() || result.ptr != end) return expected;
        return value >= min && value <= max ? "" : expected;
      },
      std::to_string(min) + ".." + std::to_string(max));
}

}  // namespace axon::cli
