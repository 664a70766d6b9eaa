// Whole-file reads (plain or gzip) and atomic writes.
#include "axon/io/file_bytes.hpp"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "axon/tensor/error.hpp"

namespace axon {
namespace {

std::vector<unsigned char> read_plain(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  check(in.good(), "cannot open '{}': {}", path, std::strerror(errno));
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  std::vector<unsigned char> bytes(static_cast<std::size_t>(size));
  in.read(reinterpret_cast<char*>(bytes.data()), size);
  check(in.good() || bytes.empty(), "cannot read '{}'", path);
  return bytes;
}

// Inflates a gzip stream (several concatenated members allowed, as gzip itself writes them).
std::vector<unsigned char> inflate_gzip(const std::string& path,
                                        std::vector<unsigned char> compressed) {
  z_stream stream{};
  check(inflateInit2(&stream, 16 + MAX_WBITS) == Z_OK, "'{}': cannot start gzip decoding", path);
  std::vector<unsigned char> out(compressed.size() * 2 + 1024);
  stream.next_in = compressed.data();
  int status = Z_OK;
  std::size_t in_left = compressed.size(), produced = 0;
  while (true) {
    if (produced == out.size()) out.resize(out.size() * 2);
    const auto in_chunk = static_cast<uInt>(std::min<std::size_t>(in_left, 1u << 30));
    const auto out_chunk =
        static_cast<uInt>(std::min<std::size_t>(out.size() - produced, 1u << 30));
    stream.avail_in = in_chunk;
    stream.next_out = out.data() + produced;
    stream.avail_out = out_chunk;
    status = inflate(&stream, Z_NO_FLUSH);
    in_left -= in_chunk - stream.avail_in;
    produced += out_chunk - stream.avail_out;
    if (status == Z_STREAM_END) {
      if (in_left == 0) break;
      inflateReset(&stream);  // another gzip member follows
      continue;
    }
    if (status != Z_OK && !(status == Z_BUF_ERROR && in_left > 0)) break;
  }
  const std::string message = stream.msg != nullptr ? stream.msg : "";
  inflateEnd(&stream);
  check(status == Z_STREAM_END, "'{}': the gzip data is {}{}", path,
        status == Z_BUF_ERROR ? "truncated" : "corrupt",
        message.empty() ? "" : " (" + message + ")");
  out.resize(produced);
  return out;
}

}  // namespace

bool is_gzip(std::span<const unsigned char> bytes) {
  return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

std::vector<unsigned char> read_file_bytes(const std::string& path) {
  check(!std::filesystem::is_directory(path), "'{}' is a directory, not a file", path);
  std::vector<unsigned char> bytes = read_plain(path);
  if (!is_gzip(bytes)) return bytes;
  return inflate_gzip(path, std::move(bytes));
}

void write_file_atomically(const std::string& path, std::span<const unsigned char> bytes) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    check(out.good(), "cannot write '{}': {}", temporary, std::strerror(errno));
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    out.flush();
    check(out.good(), "cannot write '{}': {}", temporary, std::strerror(errno));
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary);
    throw Error(fmt::format("cannot rename '{}' to '{}': {}", temporary, path, error.message()));
  }
}

}  // namespace axon
