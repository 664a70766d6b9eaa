// Errors axon throws: every message names the bad value or shape so the caller can fix it.
//
// check(condition, format, args...) costs a branch when the condition holds: the message is
// formatted only when it fails, out of line. Pass values, not strings built for the message:
// check(ok, "got {}", x.shape()) formats the shape only on failure, while x.shape().to_string()
// would build a string on every call, on every batch.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace axon {

/// Thrown for invalid arguments, mismatched shapes and malformed data.
class Error : public std::invalid_argument {
 public:
  explicit Error(const std::string& message) : std::invalid_argument(message) {}
};

/// User text as an error message quotes it: control and non-ASCII bytes as \xNN, and text
/// longer than `max_shown` bytes cut short with "...". A NUL or an escape sequence in a file or a
/// flag never reaches the terminal or cuts the message short.
std::string printable(std::string_view text, std::size_t max_shown = 80);

namespace detail {
/// Formats the message and throws axon::Error; out of line so that passing checks stay small.
[[noreturn]] void throw_error(fmt::string_view format, fmt::format_args args);
}  // namespace detail

/// Throws axon::Error with a formatted message when `condition` is false; the arguments are
/// formatted only then.
template <typename... Args>
inline void check(bool condition, fmt::format_string<Args...> format, Args&&... args) {
  if (!condition) [[unlikely]]
    detail::throw_error(format, fmt::make_format_args(args...));
}

}  // namespace axon
