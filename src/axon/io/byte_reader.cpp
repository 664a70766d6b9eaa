// ByteReader: bounds-checked little-endian decoding.
#include "axon/io/byte_reader.hpp"

#include <bit>

#include "axon/tensor/error.hpp"

namespace axon {

void ByteReader::fail(const std::string& message) const {
  throw Error(fmt::format("'{}': {}", source_, message));
}

void ByteReader::need(std::size_t count, const char* what) const {
  if (count > remaining())
    fail(fmt::format("truncated while reading {} (needs {} bytes at offset {}, {} left)", what,
                     count, position_, remaining()));
}

template <typename T>
T ByteReader::get_le(const char* what) {
  need(sizeof(T), what);
  T v = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) v |= static_cast<T>(bytes_[position_ + i]) << (8 * i);
  position_ += sizeof(T);
  return v;
}

std::uint8_t ByteReader::u8(const char* what) { return get_le<std::uint8_t>(what); }
std::uint32_t ByteReader::u32(const char* what) { return get_le<std::uint32_t>(what); }
std::uint64_t ByteReader::u64(const char* what) { return get_le<std::uint64_t>(what); }
float ByteReader::f32(const char* what) {
  return std::bit_cast<float>(get_le<std::uint32_t>(what));
}

std::span<const unsigned char> ByteReader::raw(std::size_t count, const char* what) {
  need(count, what);
  const std::span<const unsigned char> out = bytes_.subspan(position_, count);
  position_ += count;
  return out;
}

std::string ByteReader::string(const char* what) {
  const std::uint32_t length = u32(what);
  const std::span<const unsigned char> chars = raw(length, what);
  return {chars.begin(), chars.end()};
}

std::vector<float> ByteReader::floats(const char* what) {
  const std::uint64_t count = u64(what);
  if (count > remaining() / sizeof(float))
    fail(fmt::format("truncated while reading {} ({} floats declared, {} bytes left)", what, count,
                     remaining()));
  std::vector<float> out(count);
  for (float& v : out) v = f32(what);
  return out;
}

Tensor ByteReader::tensor(const char* what) {
  const std::uint32_t rank = u32(what);
  if (rank > Shape::kMaxRank)
    fail(fmt::format("{} has rank {} (at most {})", what, rank, Shape::kMaxRank));
  std::size_t d[Shape::kMaxRank] = {};
  std::uint64_t count = 1;
  for (std::uint32_t i = 0; i < rank; ++i) {
    d[i] = u64(what);
    if (d[i] != 0 && count > remaining() / sizeof(float) / d[i])
      fail(fmt::format("truncated while reading {} (its sizes exceed the {} bytes left)", what,
                       remaining()));
    count *= d[i];
  }
  const Shape shape = rank == 0   ? Shape{}
                      : rank == 1 ? Shape{d[0]}
                      : rank == 2 ? Shape{d[0], d[1]}
                      : rank == 3 ? Shape{d[0], d[1], d[2]}
                                  : Shape{d[0], d[1], d[2], d[3]};
  Tensor t(shape);
  for (float& v : t.values()) v = f32(what);
  return t;
}

}  // namespace axon
