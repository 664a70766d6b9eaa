// NumPy .npz archives: the zip container (local headers, central directory, end record) and the
// .npy format (magic, version 1.0 header dictionary, raw data) written and read directly.
#include "axon/io/npz.hpp"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "axon/tensor/checked_arithmetic.hpp"
#include "axon/tensor/error.hpp"

namespace axon {
namespace {

constexpr std::uint32_t kLocalHeader = 0x04034b50, kCentralHeader = 0x02014b50,
                        kEndRecord = 0x06054b50;

void put16(std::vector<unsigned char>& out, std::uint32_t v) {
  out.push_back(static_cast<unsigned char>(v & 0xff));
  out.push_back(static_cast<unsigned char>((v >> 8) & 0xff));
}
void put32(std::vector<unsigned char>& out, std::uint32_t v) {
  put16(out, v & 0xffff);
  put16(out, v >> 16);
}

std::vector<unsigned char> npy_bytes(const NpyArray& a) {
  std::string shape = "(";  // NumPy's spelling: (), (3,) and (3, 2)
  for (std::size_t i = 0; i < a.shape.size(); ++i)
    shape += (i > 0 ? ", " : "") + std::to_string(a.shape[i]);
  shape += a.shape.size() == 1 ? ",)" : ")";
  std::string header = fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': {}, }}",
                                   a.integer ? "<i8" : "<f4", shape);
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::vector<unsigned char> out = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  put16(out, static_cast<std::uint32_t>(header.size()));
  out.insert(out.end(), header.begin(), header.end());
  for (float v : a.values) {
    unsigned char raw[8];
    if (a.integer) {
      const auto i = static_cast<std::int64_t>(v);
      std::memcpy(raw, &i, 8);
      out.insert(out.end(), raw, raw + 8);
    } else {
      std::memcpy(raw, &v, 4);
      out.insert(out.end(), raw, raw + 4);
    }
  }
  return out;
}

std::uint32_t crc_of(std::span<const unsigned char> bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  for (std::size_t done = 0; done < bytes.size();) {
    const std::size_t n = std::min<std::size_t>(bytes.size() - done, 1u << 30);
    crc = crc32(crc, bytes.data() + done, static_cast<uInt>(n));
    done += n;
  }
  return static_cast<std::uint32_t>(crc);
}

/// Reads little-endian numbers at offsets of an archive, each access bounds-checked.
class ZipView {
 public:
  ZipView(std::span<const unsigned char> bytes, const std::string& source)
      : bytes_(bytes), source_(source) {}
  std::uint32_t u16(std::size_t at) const {
    need(at, 2);
    return bytes_[at] | (std::uint32_t{bytes_[at + 1]} << 8);
  }
  std::uint32_t u32(std::size_t at) const { return u16(at) | (u16(at + 2) << 16); }
  std::span<const unsigned char> span(std::size_t at, std::size_t count) const {
    need(at, count);
    return bytes_.subspan(at, count);
  }
  std::size_t size() const { return bytes_.size(); }
  void need(std::size_t at, std::size_t count) const {
    check(at <= bytes_.size() && count <= bytes_.size() - at,
          "'{}' is not a complete .npz archive (it ends inside a zip record)", source_);
  }

 private:
  std::span<const unsigned char> bytes_;
  const std::string& source_;
};

std::vector<unsigned char> inflate_raw(std::span<const unsigned char> in, std::size_t size,
                                       const std::string& what) {
  std::vector<unsigned char> out(size);
  z_stream z{};
  check(inflateInit2(&z, -MAX_WBITS) == Z_OK, "{}: zlib could not start", what);
  z.next_in = const_cast<Bytef*>(in.data());
  z.avail_in = static_cast<uInt>(std::min<std::size_t>(in.size(), UINT32_MAX));
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(std::min<std::size_t>(size, UINT32_MAX));
  const int status = inflate(&z, Z_FINISH);
  const std::size_t produced = z.total_out;
  inflateEnd(&z);
  check(status == Z_STREAM_END && produced == size,
        "{}: the compressed data is damaged (it does not inflate to its declared {} bytes)", what,
        size);
  return out;
}

// The value after `key` in a .npy header dictionary, up to the next ',' outside parentheses.
std::string header_value(const std::string& header, const std::string& key,
                         const std::string& what) {
  const std::size_t at = header.find("'" + key + "':");
  check(at != std::string::npos, "{}: the .npy header has no '{}'", what, key);
  std::size_t i = at + key.size() + 3;
  while (i < header.size() && header[i] == ' ') ++i;
  std::size_t end = i;
  int depth = 0;
  while (end < header.size() && !(depth == 0 && (header[end] == ',' || header[end] == '}'))) {
    if (header[end] == '(') ++depth;
    if (header[end] == ')') --depth;
    ++end;
  }
  return header.substr(i, end - i);
}

NpyArray parse_npy(std::span<const unsigned char> bytes, std::string name,
                   const std::string& what) {
  static constexpr unsigned char kMagic[] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  check(bytes.size() >= 10 && std::equal(kMagic, kMagic + 6, bytes.begin()),
        "{}: not a .npy array (no NUMPY magic)", what);
  const unsigned major = bytes[6];
  check(major >= 1 && major <= 3, "{}: .npy format version {} is not known", what, major);
  std::size_t header_size = bytes[8] | (std::size_t{bytes[9]} << 8), start = 10;
  if (major >= 2) {
    check(bytes.size() >= 12, "{}: the .npy header is cut short", what);
    header_size |= (std::size_t{bytes[10]} << 16) | (std::size_t{bytes[11]} << 24);
    start = 12;
  }
  check(header_size <= bytes.size() - start, "{}: the .npy header is cut short", what);
  const std::string header(reinterpret_cast<const char*>(bytes.data() + start), header_size);
  const std::string descr = header_value(header, "descr", what);
  check(header_value(header, "fortran_order", what) == "False",
        "{}: the array is in Fortran order; save it in C order (np.ascontiguousarray)", what);
  std::size_t item = 0;
  NpyArray a{std::move(name), {}, {}, false};
  if (descr == "'<f4'")
    item = 4;
  else if (descr == "'<f8'")
    item = 8;
  else if (descr == "'<i8'")
    item = 8, a.integer = true;
  else
    throw Error(
        fmt::format("{}: arrays of type {} are not read (float32, float64 or int64)", what, descr));
  std::string shape = header_value(header, "shape", what);
  check(shape.size() >= 2 && shape.front() == '(' && shape.back() == ')',
        "{}: the .npy shape {} is not a tuple", what, shape);
  std::size_t count = 1;
  for (std::size_t i = 1; i + 1 < shape.size();) {
    while (i + 1 < shape.size() && (shape[i] == ' ' || shape[i] == ',')) ++i;
    if (i + 1 >= shape.size()) break;
    std::size_t d = 0, digits = 0;
    for (; i + 1 < shape.size() && shape[i] >= '0' && shape[i] <= '9'; ++i, ++digits)
      d = checked_add(checked_mul(d, std::size_t{10}, "a .npy dimension"),
                      static_cast<std::size_t>(shape[i] - '0'), "a .npy dimension");
    check(digits > 0, "{}: the .npy shape {} is not a tuple of sizes", what, shape);
    a.shape.push_back(d);
    count = checked_mul(count, d, "a .npy element count");
  }
  const std::span<const unsigned char> data = bytes.subspan(start + header_size);
  check(count <= data.size() / item && data.size() == count * item,
        "{}: the shape {} needs {} values but the array holds {} bytes", what, shape, count,
        data.size());
  a.values.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const unsigned char* p = data.data() + i * item;
    if (item == 4) {
      std::memcpy(&a.values[i], p, 4);
    } else if (a.integer) {
      std::int64_t v;
      std::memcpy(&v, p, 8);
      a.values[i] = static_cast<float>(v);
    } else {
      double v;
      std::memcpy(&v, p, 8);
      a.values[i] = static_cast<float>(v);
    }
  }
  return a;
}

}  // namespace

std::vector<unsigned char> npz_bytes(const std::vector<NpyArray>& arrays) {
  std::vector<unsigned char> out, central;
  for (const NpyArray& a : arrays) {
    const std::vector<unsigned char> data = npy_bytes(a);
    const std::string file = a.name + ".npy";
    check(data.size() < 0xffffffffu && out.size() < 0xffffffffu,
          "array '{}' would make the archive over 4 GiB (zip64 is not written)", a.name);
    const auto offset = static_cast<std::uint32_t>(out.size());
    const std::uint32_t crc = crc_of(data), size = static_cast<std::uint32_t>(data.size());
    auto common = [&](std::vector<unsigned char>& to) {
      put16(to, 20);    // version needed: 2.0
      put16(to, 0);     // flags
      put16(to, 0);     // stored
      put16(to, 0);     // time
      put16(to, 0x21);  // date: 1980-01-01
      put32(to, crc);
      put32(to, size);
      put32(to, size);
      put16(to, static_cast<std::uint32_t>(file.size()));
      put16(to, 0);  // extra field
    };
    put32(out, kLocalHeader);
    common(out);
    out.insert(out.end(), file.begin(), file.end());
    out.insert(out.end(), data.begin(), data.end());
    put32(central, kCentralHeader);
    put16(central, 20);  // made by
    common(central);
    put16(central, 0);  // comment
    put16(central, 0);  // disk
    put16(central, 0);  // internal attributes
    put32(central, 0);  // external attributes
    put32(central, offset);
    central.insert(central.end(), file.begin(), file.end());
  }
  const auto directory_offset = static_cast<std::uint32_t>(out.size());
  out.insert(out.end(), central.begin(), central.end());
  put32(out, kEndRecord);
  put16(out, 0);
  put16(out, 0);
  put16(out, static_cast<std::uint32_t>(arrays.size()));
  put16(out, static_cast<std::uint32_t>(arrays.size()));
  put32(out, static_cast<std::uint32_t>(central.size()));
  put32(out, directory_offset);
  put16(out, 0);
  return out;
}

std::vector<NpyArray> parse_npz(std::span<const unsigned char> bytes, const std::string& source) {
  const ZipView zip(bytes, source);
  // The end record is in the last 22 + 65535 bytes (after it only a comment).
  std::size_t end = std::string::npos;
  for (std::size_t back = 22; back <= std::min<std::size_t>(zip.size(), 22 + 65535); ++back)
    if (zip.u32(zip.size() - back) == kEndRecord) {
      end = zip.size() - back;
      break;
    }
  check(end != std::string::npos, "'{}' is not an .npz archive (no zip end record)", source);
  const std::size_t entries = zip.u16(end + 10);
  std::size_t at = zip.u32(end + 16);
  std::vector<NpyArray> arrays;
  for (std::size_t e = 0; e < entries; ++e) {
    check(zip.u32(at) == kCentralHeader, "'{}': the zip directory is damaged", source);
    const std::uint32_t method = zip.u16(at + 10), crc = zip.u32(at + 16);
    const std::size_t packed = zip.u32(at + 20), size = zip.u32(at + 24);
    const std::size_t name_size = zip.u16(at + 28), extra = zip.u16(at + 30),
                      comment = zip.u16(at + 32), local = zip.u32(at + 42);
    const std::span<const unsigned char> raw_name = zip.span(at + 46, name_size);
    std::string name(raw_name.begin(), raw_name.end());
    at += 46 + name_size + extra + comment;
    const std::string what = fmt::format("'{}' array '{}'", source, name);
    check(name.size() > 4 && name.ends_with(".npy"), "{}: not a .npy entry", what);
    name.resize(name.size() - 4);
    check(packed != 0xffffffffu && size != 0xffffffffu && local != 0xffffffffu,
          "{}: zip64 archives are not read", what);
    check(zip.u32(local) == kLocalHeader, "{}: the zip entry header is damaged", what);
    const std::size_t data_at = local + 30 + zip.u16(local + 26) + zip.u16(local + 28);
    const std::span<const unsigned char> stored = zip.span(data_at, packed);
    std::vector<unsigned char> data;
    if (method == 0) {
      check(packed == size, "{}: a stored entry of {} bytes declares {}", what, packed, size);
      data.assign(stored.begin(), stored.end());
    } else {
      check(method == 8, "{}: zip compression method {} is not read (stored or deflated)", what,
            method);
      check(size <= std::size_t{1} << 31, "{}: {} bytes inflated is too large", what, size);
      data = inflate_raw(stored, size, what);
    }
    check(crc_of(data) == crc, "{}: checksum mismatch (the archive is corrupted)", what);
    arrays.push_back(parse_npy(data, std::move(name), what));
  }
  return arrays;
}

}  // namespace axon
