// Checked size arithmetic: sizes computed from outside input (flags, file headers, generator
// settings, the shape of the data) are multiplied and added here, so an overflow is an error that
// names what was being computed instead of a wrapped size, a tiny allocation and a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

#include "axon/tensor/error.hpp"

namespace axon {

/// The most values a single tensor may hold: 2^58 floats (2^60 bytes), beyond any machine, and
/// far enough from 2^64 that bytes, padding and the sum of a few such sizes cannot overflow.
inline constexpr std::uint64_t kMaxTensorValues = std::uint64_t{1} << 58;

/// a x b; throws axon::Error "<what> is too large: a x b overflows" when it does not fit.
inline std::uint64_t checked_mul(std::uint64_t a, std::uint64_t b, std::string_view what) {
  std::uint64_t product = 0;
  check(!__builtin_mul_overflow(a, b, &product), "{} is too large: {} x {} overflows", what, a, b);
  return product;
}

/// a + b; throws axon::Error "<what> is too large: a + b overflows" when it does not fit.
inline std::uint64_t checked_add(std::uint64_t a, std::uint64_t b, std::string_view what) {
  std::uint64_t sum = 0;
  check(!__builtin_add_overflow(a, b, &sum), "{} is too large: {} + {} overflows", what, a, b);
  return sum;
}

/// `values` unchanged when at most kMaxTensorValues; else throws axon::Error naming `what`.
inline std::uint64_t checked_values(std::uint64_t values, std::string_view what) {
  check(values <= kMaxTensorValues, "{} is too large: {} values (at most {})", what, values,
        kMaxTensorValues);
  return values;
}

/// a x b as a value count (checked_mul, then at most kMaxTensorValues).
inline std::uint64_t checked_values(std::uint64_t a, std::uint64_t b, std::string_view what) {
  return checked_values(checked_mul(a, b, what), what);
}

}  // namespace axon
