// ByteWriter: appends little-endian integers, floats, strings and tensors to a byte buffer, the
// encoding of the model file (see docs/model-format.md).
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "axon/tensor/tensor.hpp"

namespace axon {

class ByteWriter {
 public:
  void u8(std::uint8_t v) { bytes_.push_back(v); }
  void u32(std::uint32_t v) { put_le(v); }
  void u64(std::uint64_t v) { put_le(v); }
  void f32(float v) { put_le(std::bit_cast<std::uint32_t>(v)); }
  /// u32 length, then the characters.
  void string(const std::string& s);
  /// u64 count, then the floats.
  void floats(std::span<const float> values);
  /// u32 rank, u64 per dimension, then the floats.
  void tensor(const Tensor& t);
  void raw(std::span<const unsigned char> bytes);
  /// Overwrites the u64 at `offset` (used to fill in a length once it is known).
  void patch_u64(std::size_t offset, std::uint64_t v);

  std::size_t size() const { return bytes_.size(); }
  std::vector<unsigned char>& bytes() { return bytes_; }

 private:
  template <typename T>
  void put_le(T v) {
    for (std::size_t i = 0; i < sizeof(T); ++i)
      bytes_.push_back(static_cast<unsigned char>(v >> (8 * i)));
  }

  std::vector<unsigned char> bytes_;
};

}  // namespace axon
