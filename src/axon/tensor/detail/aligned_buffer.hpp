// AlignedBuffer: a growable 64-byte aligned buffer of bf16 values, the packing scratch of the bf16
// kernels (gemm_bf16_amx.cpp, gemm_bf16_avx512.cpp) and of packed operands kept between products.
// Internal (not installed).
#pragma once

#include <cstddef>
#include <cstdint>

namespace axon::detail {

class AlignedBuffer {
 public:
  /// `slack_bytes` (rounded up to a multiple of 64) are allocated past the last 64-byte line of
  /// every request: a kernel whose vector loads may run past the end of its data asks for 64.
  explicit AlignedBuffer(std::size_t slack_bytes = 0) : slack_bytes_(slack_bytes) {}
  AlignedBuffer(const AlignedBuffer&) = delete;
  AlignedBuffer& operator=(const AlignedBuffer&) = delete;
  ~AlignedBuffer();

  /// A 64-byte aligned buffer of at least `elems` bf16 values (contents unspecified): the one
  /// from the last call when it is large enough, else a new one (the old one is freed).
  std::uint16_t* get(std::size_t elems);

 private:
  std::uint16_t* data_ = nullptr;
  std::size_t capacity_ = 0;
  std::size_t slack_bytes_;
};

}  // namespace axon::detail
