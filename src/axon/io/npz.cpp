// NumPy .npz archives written: the zip container (local headers, central directory, end record)
// around .npy arrays (magic, version 1.0 header dictionary, raw data).
#include "axon/io/npz.hpp"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "axon/io/npz_reader.hpp"
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

std::vector<unsigned char> npy_bytes(const NamedArray& a) {
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

}  // namespace

std::vector<unsigned char> npz_bytes(const std::vector<NamedArray>& arrays) {
  std::vector<unsigned char> out, central;
  for (const NamedArray& a : arrays) {
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

std::vector<NamedArray> npz_named_arrays(std::span<const unsigned char> bytes,
                                         const std::string& source) {
  std::vector<NamedArray> arrays;
  for (auto& entry : parse_npz(bytes, source))
    arrays.push_back({entry.first, std::move(entry.second.shape), std::move(entry.second.values),
                      entry.second.integral});
  return arrays;
}

}  // namespace axon
