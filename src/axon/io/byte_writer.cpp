// ByteWriter: the composite encodings (strings, float arrays, tensors).
#include "axon/io/byte_writer.hpp"

#include <cstring>

namespace axon {

void ByteWriter::raw(std::span<const unsigned char> bytes) {
  const std::size_t at = bytes_.size();
  bytes_.resize(at + bytes.size());
  if (!bytes.empty()) std::memcpy(bytes_.data() + at, bytes.data(), bytes.size());
}

void ByteWriter::string(const std::string& s) {
  u32(static_cast<std::uint32_t>(s.size()));
  bytes_.insert(bytes_.end(), s.begin(), s.end());
}

void ByteWriter::floats(std::span<const float> values) {
  u64(values.size());
  for (float v : values) f32(v);
}

void ByteWriter::tensor(const Tensor& t) {
  if (t.data() == nullptr) {  // never allocated: written as an empty vector
    u32(1);
    u64(0);
    return;
  }
  u32(static_cast<std::uint32_t>(t.rank()));
  for (std::size_t i = 0; i < t.rank(); ++i) u64(t.shape()[i]);
  for (float v : t.values()) f32(v);
}

void ByteWriter::patch_u64(std::size_t offset, std::uint64_t v) {
  for (std::size_t i = 0; i < 8; ++i)
    bytes_.at(offset + i) = static_cast<unsigned char>(v >> (8 * i));
}

}  // namespace axon
