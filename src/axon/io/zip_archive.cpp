// Zip archive reader: end of central directory, central directory records, local headers; data
// inflated with zlib (raw deflate) within the size the directory declares.
#include "axon/io/zip_archive.hpp"

#include <zlib.h>

#include <algorithm>
#include <limits>

#include "axon/tensor/checked_arithmetic.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/memory_budget.hpp"

namespace axon {
namespace {

constexpr std::uint32_t kEndOfDirectory = 0x06054b50;
constexpr std::uint32_t kDirectoryRecord = 0x02014b50;
constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::uint32_t kZip64Marker = 0xffffffff;
constexpr std::size_t kEndRecordSize = 22;
constexpr std::size_t kDirectoryRecordSize = 46;
constexpr std::size_t kLocalHeaderSize = 30;

// Little-endian reads at an offset checked against the archive's length.
class Reader {
 public:
  Reader(std::span<const unsigned char> bytes, const std::string& source)
      : bytes_(bytes), source_(source) {}

  void need(std::uint64_t offset, std::uint64_t length, const char* what) const {
    check(offset <= bytes_.size() && length <= bytes_.size() - offset,
          "'{}': truncated zip archive: the {} at byte {} ({} bytes) is past its end ({} bytes)",
          source_, what, offset, length, bytes_.size());
  }
  std::uint64_t le(std::uint64_t offset, std::size_t size) const {
    std::uint64_t value = 0;
    for (std::size_t i = size; i-- > 0;) value = (value << 8) | bytes_[offset + i];
    return value;
  }

 private:
  std::span<const unsigned char> bytes_;
  const std::string& source_;
};

// Zip64 extra field (id 1): the 64-bit sizes and offset whose 32-bit fields are 0xffffffff, in
// that order.
void apply_zip64(const Reader& in, std::uint64_t extra, std::uint64_t extra_length, ZipEntry& e,
                 const std::string& source) {
  std::uint64_t* fields[] = {&e.size, &e.compressed_size, &e.local_header_offset};
  for (std::uint64_t at = extra; at + 4 <= extra + extra_length;) {
    const std::uint64_t id = in.le(at, 2), length = in.le(at + 2, 2);
    check(at + 4 + length <= extra + extra_length, "'{}': zip entry '{}': bad extra field", source,
          printable(e.name));
    if (id == 1) {
      std::uint64_t field = at + 4;
      for (std::uint64_t* value : fields) {
        if (*value != kZip64Marker) continue;
        check(field + 8 <= at + 4 + length, "'{}': zip entry '{}': short Zip64 field", source,
              printable(e.name));
        *value = in.le(field, 8);
        field += 8;
      }
    }
    at += 4 + length;
  }
}

std::uint64_t find_end_record(std::span<const unsigned char> bytes, const std::string& source) {
  check(bytes.size() >= kEndRecordSize,
        "'{}': not a zip archive (.npz): {} bytes is too short for its directory", source,
        bytes.size());
  const std::size_t lowest = bytes.size() > kEndRecordSize + 0xffff
                                 ? bytes.size() - kEndRecordSize - 0xffff
                                 : 0;  // the comment is at most 65535 bytes
  const Reader in(bytes, source);
  for (std::size_t at = bytes.size() - kEndRecordSize + 1; at-- > lowest;)
    if (in.le(at, 4) == kEndOfDirectory) return at;
  throw Error(fmt::format("'{}': not a zip archive (.npz): no end of central directory", source));
}

}  // namespace

std::vector<ZipEntry> zip_entries(std::span<const unsigned char> bytes, const std::string& source) {
  const std::uint64_t end = find_end_record(bytes, source);
  const Reader in(bytes, source);
  const std::uint64_t count = in.le(end + 10, 2);
  const std::uint64_t directory_size = in.le(end + 12, 4);
  const std::uint64_t directory = in.le(end + 16, 4);
  check(count != 0xffff && directory != kZip64Marker,
        "'{}': Zip64 archives over 4 GB or 65535 entries are not supported", source);
  in.need(directory, directory_size, "central directory");
  std::vector<ZipEntry> entries;
  std::uint64_t at = directory;
  for (std::uint64_t i = 0; i < count; ++i) {
    in.need(at, kDirectoryRecordSize, "central directory record");
    check(in.le(at, 4) == kDirectoryRecord, "'{}': zip central directory record {} is damaged",
          source, i + 1);
    ZipEntry e;
    e.method = static_cast<std::uint16_t>(in.le(at + 10, 2));
    e.crc = static_cast<std::uint32_t>(in.le(at + 16, 4));
    e.compressed_size = in.le(at + 20, 4);
    e.size = in.le(at + 24, 4);
    const std::uint64_t name_length = in.le(at + 28, 2), extra_length = in.le(at + 30, 2),
                        comment_length = in.le(at + 32, 2);
    e.local_header_offset = in.le(at + 42, 4);
    in.need(at + kDirectoryRecordSize, name_length + extra_length + comment_length,
            "central directory record");
    e.name.assign(reinterpret_cast<const char*>(bytes.data() + at + kDirectoryRecordSize),
                  name_length);
    apply_zip64(in, at + kDirectoryRecordSize + name_length, extra_length, e, source);
    entries.push_back(std::move(e));
    at += kDirectoryRecordSize + name_length + extra_length + comment_length;
  }
  return entries;
}

namespace {

// Where the data of entry `e` begins, past its local header.
std::uint64_t entry_data(const Reader& in, const ZipEntry& e, const std::string& source) {
  in.need(e.local_header_offset, kLocalHeaderSize, "local header");
  check(in.le(e.local_header_offset, 4) == kLocalHeader, "'{}': zip entry '{}': damaged header",
        source, printable(e.name));
  const std::uint64_t data = e.local_header_offset + kLocalHeaderSize +
                             in.le(e.local_header_offset + 26, 2) +
                             in.le(e.local_header_offset + 28, 2);
  in.need(data, e.compressed_size, "entry data");
  return data;
}

}  // namespace

std::span<const unsigned char> zip_stored_bytes(std::span<const unsigned char> bytes,
                                                const ZipEntry& e, const std::string& source) {
  const Reader in(bytes, source);
  const std::uint64_t data = entry_data(in, e, source);
  check(e.method == 0 && e.compressed_size == e.size,
        "'{}': zip entry '{}' is compressed (method {}), not stored", source, printable(e.name),
        e.method);
  return bytes.subspan(static_cast<std::size_t>(data), static_cast<std::size_t>(e.size));
}

std::vector<unsigned char> zip_extract(std::span<const unsigned char> bytes, const ZipEntry& e,
                                       const std::string& source) {
  const Reader in(bytes, source);
  const std::string name = printable(e.name);
  const std::uint64_t data = entry_data(in, e, source);
  check(e.method == 0 || e.method == 8,
        "'{}': zip entry '{}' uses compression method {} (only stored and deflate are supported)",
        source, name, e.method);
  check(e.method != 0 || e.compressed_size == e.size,
        "'{}': zip entry '{}' is stored but its sizes differ ({} and {})", source, name,
        e.compressed_size, e.size);
  // Deflate expands at most 1032 to 1 (a run of 258 bytes in 2 bits): a larger declared size is
  // damage, found before its memory is allocated.
  check(e.method != 8 || e.size / 1032 <= e.compressed_size,
        "'{}': zip entry '{}' declares {} bytes from {} compressed, more than deflate can give "
        "(the archive is damaged)",
        source, name, e.size, e.compressed_size);
  check(e.size <= kMaxTensorValues, "'{}': zip entry '{}' is too large ({} bytes)", source, name,
        e.size);
  check_fits_in_memory(e.size, source, fmt::format("zip entry '{}'", name));
  std::vector<unsigned char> out(static_cast<std::size_t>(e.size));
  const unsigned char* begin = bytes.data() + data;
  if (e.method == 0) {
    std::copy(begin, begin + e.size, out.begin());
  } else {
    z_stream stream{};
    check(inflateInit2(&stream, -MAX_WBITS) == Z_OK, "'{}': cannot start inflating", source);
    stream.next_in = const_cast<unsigned char*>(begin);
    stream.next_out = out.data();
    int status = Z_OK;
    // zlib counts in 32-bit chunks: feed input and output space in pieces.
    std::uint64_t in_left = e.compressed_size, out_left = e.size;
    while (status == Z_OK) {
      if (stream.avail_in == 0 && in_left > 0) {
        stream.avail_in = static_cast<uInt>(std::min<std::uint64_t>(in_left, 1u << 30));
        in_left -= stream.avail_in;
      }
      if (stream.avail_out == 0 && out_left > 0) {
        stream.avail_out = static_cast<uInt>(std::min<std::uint64_t>(out_left, 1u << 30));
        out_left -= stream.avail_out;
      }
      status = inflate(&stream, Z_NO_FLUSH);
      if (status == Z_BUF_ERROR && (stream.avail_in > 0 || in_left > 0) &&
          (stream.avail_out > 0 || out_left > 0))
        status = Z_OK;
    }
    const std::uint64_t produced = stream.total_out;
    inflateEnd(&stream);
    check(status == Z_STREAM_END && produced == e.size,
          "'{}': zip entry '{}': damaged deflate data ({} of {} bytes decoded)", source, name,
          produced, e.size);
  }
  std::uint64_t crc = crc32(0L, Z_NULL, 0);
  for (std::uint64_t done = 0; done < out.size();) {
    const uInt piece = static_cast<uInt>(std::min<std::uint64_t>(out.size() - done, 1u << 30));
    crc = crc32(crc, out.data() + done, piece);
    done += piece;
  }
  check(crc == e.crc, "'{}': zip entry '{}': CRC-32 mismatch (the archive is damaged)", source,
        name);
  return out;
}

}  // namespace axon
