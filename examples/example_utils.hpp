// Code shared by the seed-notebook examples: the seed argument and numpy-like printing.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "axon/tensor/tensor.hpp"

namespace examples {

/// The optional first argument: a non-negative integer seed, or `fallback` when absent.
inline std::uint64_t seed_from_args(int argc, char** argv, std::uint64_t fallback) {
  if (argc < 2) return fallback;
  const std::string_view text = argv[1];
  std::uint64_t seed = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (error != std::errc() || end != text.data() + text.size()) {
    std::fprintf(stderr, "usage: %s [seed]   (seed must be a non-negative integer, got '%s')\n",
                 argv[0], argv[1]);
    std::exit(2);
  }
  return seed;
}

/// A tensor as numpy prints a 2-D array: "[[ 0.1234 -0.5678]]" (a 1-D tensor gets one bracket).
/// Rows after the first start on a new line with `indent` before numpy's one space.
inline std::string format_array(const axon::Tensor& t, int decimals = 8,
                                std::string_view indent = "") {
  auto row = [&](const float* values, std::size_t count) {
    std::string out = "[";
    for (std::size_t c = 0; c < count; ++c)
      out += fmt::format("{}{: .{}f}", c == 0 ? "" : " ", values[c], decimals);
    return out + "]";
  };
  if (t.rank() <= 1) return row(t.data(), t.size());
  std::string out = "[";
  for (std::size_t r = 0; r < t.rows(); ++r)
    out += (r == 0 ? std::string() : fmt::format("\n{} ", indent)) + row(t.row(r), t.cols());
  return out + "]";
}

}  // namespace examples
