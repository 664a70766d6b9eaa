// Shortest decimal of a float (std::to_chars), read back as a double.
#include "shortest_number.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace axon::cli {

double shortest_double(float value) {
  if (!std::isfinite(value)) return static_cast<double>(value);
  char text[64];
  const std::to_chars_result result = std::to_chars(text, text + sizeof(text) - 1, value);
  *result.ptr = '\0';
  return std::strtod(text, nullptr);
}

}  // namespace axon::cli
