// Shape of a tensor: up to four dimensions, stored inline so shape checks never allocate.
#pragma once

#include <array>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace axon {

class Shape {
 public:
  static constexpr std::size_t kMaxRank = 4;

  Shape() = default;
  Shape(std::initializer_list<std::size_t> dims);

  std::size_t rank() const { return rank_; }
  std::size_t operator[](std::size_t axis) const { return dims_[axis]; }
  std::size_t& operator[](std::size_t axis) { return dims_[axis]; }
  /// Number of elements (0 for the empty, rank-0 shape).
  std::size_t numel() const;
  /// Size of the first axis; the batch dimension by convention.
  std::size_t rows() const { return rank_ == 0 ? 0 : dims_[0]; }
  /// Product of every axis but the first: the features per sample.
  std::size_t cols() const;
  /// The same shape with its first axis set to `rows`.
  Shape with_rows(std::size_t rows) const;
  /// "(128, 784)"
  std::string to_string() const;

  friend bool operator==(const Shape& a, const Shape& b);

 private:
  std::array<std::size_t, kMaxRank> dims_{};
  std::size_t rank_ = 0;
};

}  // namespace axon

/// Formats a Shape as to_string() does, so that checks pass the shape itself and build the text
/// only when they fail: check(ok, "got shape {}", x.shape()).
template <>
struct fmt::formatter<axon::Shape> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(const axon::Shape& shape, FormatContext& context) const {
    return fmt::formatter<std::string_view>::format(shape.to_string(), context);
  }
};
