// Zip archive reader, enough for NumPy's .npz files: the central directory (with Zip64 sizes)
// and entries that are stored or deflated, each checked against its CRC-32.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace axon {

/// One file in a zip archive, as its central directory describes it.
struct ZipEntry {
  std::string name;
  std::uint16_t method = 0;  ///< 0 stored, 8 deflate
  std::uint32_t crc = 0;
  std::uint64_t compressed_size = 0;
  std::uint64_t size = 0;  ///< uncompressed
  std::uint64_t local_header_offset = 0;
};

/// The entries of the zip archive in `bytes`; errors name `source` and what is wrong.
std::vector<ZipEntry> zip_entries(std::span<const unsigned char> bytes, const std::string& source);

/// The uncompressed bytes of `entry`, checked against its size and CRC-32 and, before they are
/// allocated, against the memory budget.
std::vector<unsigned char> zip_extract(std::span<const unsigned char> bytes, const ZipEntry& entry,
                                       const std::string& source);

/// The bytes of a stored (uncompressed) `entry`, in place in `bytes`: nothing is copied, and the
/// CRC-32 is not checked, since that would read every byte (a reader of one block of a mapped
/// file touches only its pages).
std::span<const unsigned char> zip_stored_bytes(std::span<const unsigned char> bytes,
                                                const ZipEntry& entry, const std::string& source);

}  // namespace axon
