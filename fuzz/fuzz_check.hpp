// What every fuzz target asserts besides "no crash": a rejected input gives an axon::Error whose
// message names the input, so the user learns which file is bad.
#pragma once

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "axon/tensor/error.hpp"

namespace axon::fuzz {

inline void expect_names_source(const Error& error, const std::string& source) {
  // Messages quote user text through axon::printable; a long one is cut short, so its start is
  // what must appear.
  std::string shown = printable(source);
  if (shown.size() >= 3 && shown.ends_with("...")) shown.resize(shown.size() - 3);
  const std::string message = error.what();
  if (message.find(shown) != std::string::npos) return;
  std::fprintf(stderr, "error message does not name '%s': %s\n", shown.c_str(), message.c_str());
  std::abort();
}

/// Rewrites a mutated model file's payload size (header bytes 16..23) and its CRC-32 trailer as
/// save_model writes them, so that the mutation reaches the sections behind the checksum.
inline void repair_model_file(std::vector<unsigned char>& bytes) {
  constexpr std::size_t kHeader = 24, kChecksum = 4;
  if (bytes.size() < kHeader + kChecksum) return;
  const auto put_le = [&bytes](std::size_t at, std::uint64_t v, int count) {
    for (int i = 0; i < count; ++i) bytes[at + i] = static_cast<unsigned char>(v >> (8 * i));
  };
  const std::size_t body = bytes.size() - kChecksum;
  put_le(16, body - kHeader, 8);
  put_le(body, crc32(crc32(0L, Z_NULL, 0), bytes.data(), static_cast<uInt>(body)), 4);
}

}  // namespace axon::fuzz
