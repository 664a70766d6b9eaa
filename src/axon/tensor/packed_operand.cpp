// PackedOperand: packing op(B) on first use and after each reset().
#include "axon/tensor/packed_operand.hpp"

#include "axon/tensor/detail/aligned_buffer.hpp"
#include "axon/tensor/detail/bf16_packing.hpp"
#include "axon/tensor/detail/gemm_bf16_avx512.hpp"

namespace axon {

PackedOperand::PackedOperand() : buffer_(std::make_unique<detail::AlignedBuffer>(64)) {}
PackedOperand::~PackedOperand() = default;
PackedOperand::PackedOperand(PackedOperand&&) noexcept = default;
PackedOperand& PackedOperand::operator=(PackedOperand&&) noexcept = default;

const std::uint16_t* PackedOperand::bf16_b(Transpose trans, const float* b, std::size_t ldb,
                                           std::size_t n, std::size_t k) {
  if (valid_ && source_ == b && trans_ == trans && ld_ == ldb && n_ == n && k_ == k) return data_;
  valid_ = false;
  if (!buffer_) buffer_ = std::make_unique<detail::AlignedBuffer>(64);  // moved from
  std::uint16_t* data = buffer_->get(detail::bf16_packed_b_size(n, k));
  detail::pack_bf16_b(trans, b, ldb, n, k, data);
  data_ = data;
  source_ = b;
  trans_ = trans;
  ld_ = ldb;
  n_ = n;
  k_ = k;
  valid_ = true;
  ++packings_;
  return data_;
}

}  // namespace axon
