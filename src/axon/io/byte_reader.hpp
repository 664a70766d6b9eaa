// ByteReader: reads what ByteWriter wrote, checking every read against the end of the buffer so a
// damaged file gives an error naming the file and the part being read instead of a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "axon/tensor/tensor.hpp"

namespace axon {

class ByteReader {
 public:
  /// `source` names the file in error messages.
  ByteReader(std::span<const unsigned char> bytes, std::string source)
      : bytes_(bytes), source_(std::move(source)) {}

  std::uint8_t u8(const char* what);
  std::uint32_t u32(const char* what);
  std::uint64_t u64(const char* what);
  float f32(const char* what);
  std::string string(const char* what);
  std::vector<float> floats(const char* what);
  Tensor tensor(const char* what);
  /// The next `count` bytes.
  std::span<const unsigned char> raw(std::size_t count, const char* what);

  std::size_t position() const { return position_; }
  std::size_t remaining() const { return bytes_.size() - position_; }
  bool at_end() const { return position_ == bytes_.size(); }
  /// What the reader reads, as errors name it.
  const std::string& source() const { return source_; }
  /// Throws axon::Error "<source>: <message>".
  [[noreturn]] void fail(const std::string& message) const;

 private:
  void need(std::size_t count, const char* what) const;
  template <typename T>
  T get_le(const char* what);

  std::span<const unsigned char> bytes_;
  std::string source_;
  std::size_t position_ = 0;
};

}  // namespace axon
