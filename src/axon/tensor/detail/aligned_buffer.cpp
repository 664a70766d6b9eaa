// AlignedBuffer: growing by freeing and allocating again (the contents are not kept).
#include "axon/tensor/detail/aligned_buffer.hpp"

#include <cstdlib>
#include <new>

namespace axon::detail {

AlignedBuffer::~AlignedBuffer() { std::free(data_); }

std::uint16_t* AlignedBuffer::get(std::size_t elems) {
  if (elems > capacity_) {
    std::free(data_);
    data_ = nullptr;
    capacity_ = 0;
    const std::size_t bytes =
        (elems * sizeof(std::uint16_t) + 63) / 64 * 64 + (slack_bytes_ + 63) / 64 * 64;
    data_ = static_cast<std::uint16_t*>(std::aligned_alloc(64, bytes));
    if (data_ == nullptr) throw std::bad_alloc();
    capacity_ = elems;
  }
  return data_;
}

}  // namespace axon::detail
