// Whole-file reads (plain or gzip, within the memory available) and atomic, durable writes.
#include "axon/io/file_bytes.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

#include "axon/io/memory_budget.hpp"
#include "axon/io/temporary_files.hpp"
#include "axon/tensor/error.hpp"

namespace axon {
namespace {

std::vector<unsigned char> read_plain(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  check(in.good(), "cannot open '{}': {}", path, std::strerror(errno));
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) {  // a pipe or another stream without a size: read until its end
    in.clear();
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  in.seekg(0, std::ios::beg);
  check_fits_in_memory(static_cast<std::uint64_t>(size), path, "reading the file");
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
    if (produced == out.size()) {
      check_fits_in_memory(out.size() * 2, path, "inflating the gzip data");
      out.resize(out.size() * 2);
    }
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

std::vector<unsigned char> read_file_head(const std::string& path, std::size_t count) {
  check(!std::filesystem::is_directory(path), "'{}' is a directory, not a file", path);
  gzFile in = gzopen(path.c_str(), "rb");  // reads plain files as they are
  check(in != nullptr, "cannot open '{}': {}", path, std::strerror(errno));
  std::vector<unsigned char> bytes(count);
  const int got = gzread(in, bytes.data(), static_cast<unsigned>(count));
  gzclose(in);
  bytes.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  return bytes;
}

namespace {

// Writes every byte to `fd` and forces it to the disk.
bool write_and_sync(int fd, std::span<const unsigned char> bytes) {
  for (std::size_t done = 0; done < bytes.size();) {
    const ssize_t wrote = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return false;
    done += static_cast<std::size_t>(wrote);
  }
  return ::fsync(fd) == 0;
}

// Makes a rename inside `directory` durable; failure only weakens durability, so it is ignored.
void sync_directory(const std::filesystem::path& directory) {
  const int fd = ::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

void check_output_file(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) return;  // does not exist yet
  check(!S_ISLNK(info.st_mode),
        "'{}' is a symbolic link: refusing to replace it (write to the file it points to by its "
        "own name)",
        path);
  check(!S_ISDIR(info.st_mode), "'{}' is a directory, not a file", path);
  check(S_ISREG(info.st_mode),
        "'{}' is not a regular file (a device, pipe or socket): refusing to replace it", path);
}

bool is_same_file(const std::string& a, const std::string& b) {
  struct stat first {};
  struct stat second {};
  return ::stat(a.c_str(), &first) == 0 && ::stat(b.c_str(), &second) == 0 &&
         first.st_dev == second.st_dev && first.st_ino == second.st_ino;
}

void write_file_atomically(const std::string& path, std::span<const unsigned char> bytes) {
  check_output_file(path);
  // A fresh name in the same directory, created exclusively (O_CREAT | O_EXCL): a file or link
  // planted under a predictable name is never opened, and two writers never share a temporary.
  const std::filesystem::path target(path);
  std::string name = ".";
  name.append(target.filename().string()).append(".XXXXXX.tmp");
  std::string temporary = (target.parent_path() / name).string();
  const int fd = ::mkostemps(temporary.data(), 4, O_CLOEXEC);
  check(fd >= 0, "cannot write a temporary file beside '{}': {}", path, std::strerror(errno));
  const TemporaryRegistration registration(temporary);  // removed by a signal handler, if one comes
  const bool written = ::fchmod(fd, 0644) == 0 && write_and_sync(fd, bytes);
  const int write_errno = errno;
  const bool closed = ::close(fd) == 0;
  const int close_errno = errno;
  std::error_code ignored;  // removing the temporary is best effort; the first error is reported
  if (!written || !closed) {
    std::filesystem::remove(temporary, ignored);
    throw Error(fmt::format("cannot write '{}': {}", path,
                            std::strerror(written ? close_errno : write_errno)));
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary, ignored);
    throw Error(fmt::format("cannot rename '{}' to '{}': {}", temporary, path, error.message()));
  }
  sync_directory(target.parent_path());
}

}  // namespace axon
