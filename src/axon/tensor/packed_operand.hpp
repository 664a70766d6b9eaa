// PackedOperand: the bf16 packing of a product's op(B) kept for later products with the same B.
// A layer whose weights do not change between batches (a model predicting or evaluating) rounds
// and packs them once, instead of once per batch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "axon/tensor/gemm.hpp"

namespace axon {

namespace detail {
class AlignedBuffer;
}

class PackedOperand {
 public:
  PackedOperand();
  ~PackedOperand();
  PackedOperand(PackedOperand&&) noexcept;
  PackedOperand& operator=(PackedOperand&&) noexcept;

  /// Forgets the packing (keeping its memory): the next product packs op(B) again. Call it
  /// whenever B may have changed.
  void reset() { valid_ = false; }
  /// How many times op(B) was packed into this operand so far.
  std::size_t packings() const { return packings_; }

  /// op(B) (k x n, B row-major with row stride ldb) laid out for the AVX512-BF16 kernel
  /// (detail/bf16_packing.hpp): the packing kept from an earlier call with the same arguments
  /// since the last reset(), else a new one. Used by gemm; requires that kernel.
  const std::uint16_t* bf16_b(Transpose trans, const float* b, std::size_t ldb, std::size_t n,
                              std::size_t k);

 private:
  std::unique_ptr<detail::AlignedBuffer> buffer_;
  const std::uint16_t* data_ = nullptr;
  const float* source_ = nullptr;
  Transpose trans_ = Transpose::kNo;
  std::size_t ld_ = 0;
  std::size_t n_ = 0;
  std::size_t k_ = 0;
  bool valid_ = false;
  std::size_t packings_ = 0;
};

}  // namespace axon
