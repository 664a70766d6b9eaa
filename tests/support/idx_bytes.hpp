// The bytes of an IDX file of unsigned bytes, for tests that write small or malformed ones.
#pragma once

#include <cstdint>
#include <vector>

namespace axon::test {

/// Magic 00 00 08 RANK, the big-endian sizes `dims`, then `values` (nothing checked: tests write
/// files that disagree with their header on purpose).
inline std::vector<unsigned char> idx_bytes(const std::vector<std::uint32_t>& dims,
                                            const std::vector<unsigned char>& values = {}) {
  std::vector<unsigned char> out = {0, 0, 0x08, static_cast<unsigned char>(dims.size())};
  for (std::uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back((d >> shift) & 0xff);
  out.insert(out.end(), values.begin(), values.end());
  return out;
}

}  // namespace axon::test
