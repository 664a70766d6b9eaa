// Tensor storage: aligned allocation, copies and resizing.
#include "axon/tensor/tensor.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "axon/tensor/checked_arithmetic.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/memory_budget.hpp"
#include "axon/tensor/parallel_ranges.hpp"
#include "axon/tensor/vector_clones.hpp"

namespace axon {
namespace {

constexpr std::size_t kAlignment = 64;
// Allocations from this size up are first compared with the memory budget: reading it costs far
// less than filling them, and a refusal names the numbers where the allocator would fail or the
// kernel would kill the process.
constexpr std::uint64_t kBudgetedBytes = std::uint64_t{64} << 20;

float* allocate(std::size_t count) {
  if (count == 0) return nullptr;
  checked_values(count, "a tensor");
  const std::size_t bytes = (count * sizeof(float) + kAlignment - 1) / kAlignment * kAlignment;
  if (bytes >= kBudgetedBytes)
    check_fits_in_memory(bytes, "", fmt::format("a tensor of {} values", count));
  void* p = std::aligned_alloc(kAlignment, bytes);
  check(p != nullptr, "out of memory: cannot allocate {} for a tensor of {} values",
        memory_text(bytes), count);
  return static_cast<float*>(p);
}

}  // namespace

void Tensor::AlignedFree::operator()(float* p) const { std::free(p); }

Tensor::Tensor(const Shape& shape, float fill) : shape_(shape) {
  capacity_ = shape.numel();
  data_.reset(allocate(capacity_));
  std::fill_n(data_.get(), capacity_, fill);
}

Tensor::Tensor(const Shape& shape, std::span<const float> values) : shape_(shape) {
  check(values.size() == shape.numel(), "a tensor of shape {} needs {} values, got {}", shape,
        shape.numel(), values.size());
  capacity_ = shape.numel();
  data_.reset(allocate(capacity_));
  std::copy(values.begin(), values.end(), data_.get());
}

Tensor::Tensor(const Shape& shape, std::initializer_list<float> values)
    : Tensor(shape, std::span<const float>(values.begin(), values.size())) {}

Tensor::Tensor(const Tensor& other) : shape_(other.shape_), capacity_(other.size()) {
  data_.reset(allocate(capacity_));
  if (capacity_ > 0) std::memcpy(data_.get(), other.data(), capacity_ * sizeof(float));
}

Tensor& Tensor::operator=(const Tensor& other) {
  if (this != &other) {
    resize(other.shape_);
    if (size() > 0) std::memcpy(data_.get(), other.data(), size() * sizeof(float));
  }
  return *this;
}

Tensor::Tensor(Tensor&& other) noexcept
    : data_(std::move(other.data_)), shape_(other.shape_), capacity_(other.capacity_) {
  other.shape_ = Shape();
  other.capacity_ = 0;
}

Tensor& Tensor::operator=(Tensor&& other) noexcept {
  data_ = std::move(other.data_);
  shape_ = other.shape_;
  capacity_ = other.capacity_;
  other.shape_ = Shape();
  other.capacity_ = 0;
  return *this;
}

void Tensor::resize(const Shape& shape) {
  std::size_t n = shape.numel();
  if (n > capacity_) {
    std::unique_ptr<float[], AlignedFree> grown(allocate(n));
    // Copy only what is allocated (a default tensor has no storage).
    const std::size_t kept = std::min(size(), capacity_);
    if (kept > 0) std::memcpy(grown.get(), data_.get(), kept * sizeof(float));
    data_ = std::move(grown);
    capacity_ = n;
  }
  shape_ = shape;
}

void Tensor::reshape(const Shape& shape) {
  check(shape.numel() == size(), "cannot reshape {} to {}: {} elements vs {}", shape_, shape,
        size(), shape.numel());
  shape_ = shape;
}

void Tensor::fill(float value) { std::fill_n(data_.get(), size(), value); }

void check_same_shape(const Shape& a, const Shape& b, const char* what) {
  check(a == b, "{}: shapes differ, {} vs {}", what, a, b);
}

namespace {

// A float is NaN or infinite exactly when its exponent bits are all ones. No early exit, so the
// loop vectorizes.
AXON_VECTOR_CLONES
bool run_all_finite(const float* values, std::size_t size) {
  std::uint32_t bad = 0;
  for (std::size_t i = 0; i < size; ++i)
    bad |= static_cast<std::uint32_t>((std::bit_cast<std::uint32_t>(values[i]) & 0x7f800000u) ==
                                      0x7f800000u);
  return bad == 0;
}

}  // namespace

// The trainer calls this on every weight after every step: in parallel_ranges' runs, the runs the
// optimizer's update wrote, so each run is read on the core that wrote it.
bool all_finite(std::span<const float> values) {
  std::atomic<bool> finite{true};
  parallel_ranges(values.size(), [&](std::size_t begin, std::size_t end) {
    if (!run_all_finite(values.data() + begin, end - begin))
      finite.store(false, std::memory_order_relaxed);
  });
  return finite.load();
}

}  // namespace axon
