// Tensor: a row-major float32 array of up to four dimensions, 64-byte aligned.
// Resizing within the capacity already allocated never allocates, so buffers that are sized once
// can be reused batch after batch.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <span>
#include <vector>

#include "axon/tensor/shape.hpp"

namespace axon {

class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(const Shape& shape, float fill = 0.0f);
  /// A tensor of `shape` holding `values` in row-major order (their count must match).
  Tensor(const Shape& shape, std::span<const float> values);
  Tensor(const Shape& shape, std::initializer_list<float> values);

  Tensor(const Tensor& other);
  Tensor& operator=(const Tensor& other);
  Tensor(Tensor&& other) noexcept;
  Tensor& operator=(Tensor&& other) noexcept;
  ~Tensor() = default;

  const Shape& shape() const { return shape_; }
  std::size_t rank() const { return shape_.rank(); }
  std::size_t size() const { return shape_.numel(); }
  bool empty() const { return size() == 0; }
  /// First axis (samples in a batch).
  std::size_t rows() const { return shape_.rows(); }
  /// Elements per row (features per sample).
  std::size_t cols() const { return shape_.cols(); }
  std::size_t capacity() const { return capacity_; }

  float* data() { return data_.get(); }
  const float* data() const { return data_.get(); }
  float* row(std::size_t r) { return data_.get() + r * cols(); }
  const float* row(std::size_t r) const { return data_.get() + r * cols(); }
  std::span<float> values() { return {data_.get(), size()}; }
  std::span<const float> values() const { return {data_.get(), size()}; }

  float& operator[](std::size_t i) { return data_[i]; }
  float operator[](std::size_t i) const { return data_[i]; }
  /// Element (r, c) of a tensor viewed as rows() x cols().
  float& operator()(std::size_t r, std::size_t c) { return data_[r * cols() + c]; }
  float operator()(std::size_t r, std::size_t c) const { return data_[r * cols() + c]; }

  /// Changes the shape; allocates only when the new size exceeds the capacity. Contents are kept
  /// up to the smaller size and are otherwise unspecified.
  void resize(const Shape& shape);
  /// Changes the shape without touching the data; the element count must stay the same.
  void reshape(const Shape& shape);
  void fill(float value);
  std::vector<float> to_vector() const { return {values().begin(), values().end()}; }

 private:
  struct AlignedFree {
    void operator()(float* p) const;
  };
  std::unique_ptr<float[], AlignedFree> data_;
  Shape shape_;
  std::size_t capacity_ = 0;
};

/// Throws axon::Error naming both shapes when `a` and `b` differ. `what` names the operation.
void check_same_shape(const Shape& a, const Shape& b, const char* what);

/// True when no value is NaN or infinite: one pass of exponent-bit tests on the widest vectors.
bool all_finite(std::span<const float> values);

}  // namespace axon
