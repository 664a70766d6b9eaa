// Errors axon throws: every message names the bad value or shape so the caller can fix it.
#pragma once

#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace axon {

/// Thrown for invalid arguments, mismatched shapes and malformed data.
class Error : public std::invalid_argument {
 public:
  explicit Error(const std::string& message) : std::invalid_argument(message) {}
};

/// Throws axon::Error with a formatted message when `condition` is false.
template <typename... Args>
inline void check(bool condition, fmt::format_string<Args...> format, Args&&... args) {
  if (!condition) throw Error(fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace axon
