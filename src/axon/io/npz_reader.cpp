// NPZ reader: each "NAME.npy" entry of the zip decoded by the .npy reader.
#include "axon/io/npz_reader.hpp"

#include "axon/io/file_bytes.hpp"
#include "axon/io/mapped_file.hpp"
#include "axon/io/zip_archive.hpp"
#include "axon/tensor/error.hpp"

namespace axon {

bool looks_like_zip(std::span<const unsigned char> bytes) {
  return bytes.size() >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
}

namespace {

// The arrays of an .npz, each "NAME.npy" entry decoded by `decode(entry, entry_source)`.
template <typename Decode>
std::map<std::string, NpyArray> npz_arrays(std::span<const unsigned char> bytes,
                                           const std::string& source, Decode decode) {
  std::map<std::string, NpyArray> arrays;
  for (const ZipEntry& entry : zip_entries(bytes, source)) {
    check(entry.name.ends_with(".npy"),
          "'{}': entry '{}' is not a .npy array (an .npz holds NAME.npy files)", source,
          printable(entry.name));
    const std::string name = entry.name.substr(0, entry.name.size() - 4);
    check(!arrays.contains(name), "'{}': array '{}' appears twice", source, printable(name));
    arrays.emplace(name, decode(entry, source + ":" + entry.name));
  }
  check(!arrays.empty(), "'{}': the .npz archive holds no arrays", source);
  return arrays;
}

}  // namespace

std::map<std::string, NpyArray> parse_npz(std::span<const unsigned char> bytes,
                                          const std::string& source) {
  return npz_arrays(bytes, source, [&](const ZipEntry& entry, const std::string& entry_source) {
    return parse_npy(zip_extract(bytes, entry, source), entry_source);
  });
}

std::map<std::string, NpyArray> read_npz(const std::string& path) {
  return parse_npz(read_file_bytes(path), path);
}

std::map<std::string, NpyArray> read_npz_block(const std::string& path, int part, int parts) {
  const MappedFile file(path);
  const std::span<const unsigned char> bytes = file.bytes();
  check(looks_like_zip(bytes), "'{}' is not a zip archive (.npz), so it cannot be read by blocks",
        path);
  // A stored entry is decoded in place (only the block's rows are touched); a deflated one is
  // inflated whole first.
  return npz_arrays(bytes, path, [&](const ZipEntry& entry, const std::string& entry_source) {
    return entry.method == 0
               ? parse_npy_block(zip_stored_bytes(bytes, entry, path), entry_source, part, parts)
               : parse_npy_block(zip_extract(bytes, entry, path), entry_source, part, parts);
  });
}

}  // namespace axon
