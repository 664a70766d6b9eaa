// Shape of a tensor: construction, sizes and printing.
#include "axon/tensor/shape.hpp"

#include "axon/tensor/checked_arithmetic.hpp"
#include "axon/tensor/error.hpp"

namespace axon {

Shape::Shape(std::initializer_list<std::size_t> dims) {
  check(dims.size() <= kMaxRank, "a shape has at most {} dimensions, got {}", kMaxRank,
        dims.size());
  std::size_t elements = 1;
  for (std::size_t d : dims) {
    check(!__builtin_mul_overflow(elements, d, &elements),
          "a shape with dimension {} at position {} has more elements than a size can count", d,
          rank_ + 1);
    dims_[rank_++] = d;
  }
  checked_values(elements, "a shape");
}

std::size_t Shape::numel() const {
  if (rank_ == 0) return 0;
  std::size_t n = 1;
  for (std::size_t i = 0; i < rank_; ++i) n *= dims_[i];
  return n;
}

std::size_t Shape::cols() const {
  if (rank_ == 0) return 0;
  std::size_t n = 1;
  for (std::size_t i = 1; i < rank_; ++i) n *= dims_[i];
  return n;
}

Shape Shape::with_rows(std::size_t rows) const {
  Shape s = *this;
  if (s.rank_ == 0) s.rank_ = 1;
  checked_values(rows, s.cols() == 0 ? 1 : s.cols(), "a shape's rows x features");
  s.dims_[0] = rows;
  return s;
}

std::string Shape::to_string() const {
  std::string s = "(";
  for (std::size_t i = 0; i < rank_; ++i) {
    if (i > 0) s += ", ";
    s += std::to_string(dims_[i]);
  }
  return s + ")";
}

bool operator==(const Shape& a, const Shape& b) {
  if (a.rank_ != b.rank_) return false;
  for (std::size_t i = 0; i < a.rank_; ++i)
    if (a.dims_[i] != b.dims_[i]) return false;
  return true;
}

}  // namespace axon
