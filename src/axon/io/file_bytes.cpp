// Whole-file reads (plain or gzip, within the memory available) and atomic, durable writes.
#include "axon/io/file_bytes.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <new>

#include "axon/io/temporary_files.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/memory_budget.hpp"

namespace axon {
namespace {

// What a read may hold: `limit` bytes at most (a size a header declares), and within the memory
// budget when each byte read costs `cost` bytes in all (itself and what the caller makes of it).
struct ReadBound {
  std::string path;
  std::uint64_t limit;
  std::uint64_t cost;

  // Throws when the data holds more than `limit` bytes.
  void check_limit(std::uint64_t bytes, const char* what) const {
    check(bytes <= limit, "'{}': the {} holds more than the {} bytes its header declares", path,
          what, limit);
  }
  // Throws when holding `bytes` read (beside `held` other bytes) would exceed the budget.
  void check_memory(std::uint64_t bytes, std::uint64_t held, const char* what) const {
    constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
    const std::uint64_t needed = bytes > (kMax - held) / cost ? kMax : bytes * cost + held;
    check_fits_in_memory(needed, path, fmt::format("{} {}", what, memory_text(bytes)));
  }
  // The next size of a buffer of `size` bytes that is full: double, at least `minimum`, and no
  // more than one byte past the limit (that byte shows the data is longer than declared).
  std::uint64_t grown(std::uint64_t size, std::uint64_t minimum) const {
    const std::uint64_t next = std::max(size * 2, minimum);
    return limit < next && limit >= size ? limit + 1 : next;
  }
};

constexpr std::size_t kChunk = std::size_t{1} << 20;

// A pipe, or another stream without a size: read in chunks, each growth checked first.
std::vector<unsigned char> read_stream(std::ifstream& in, const ReadBound& bound) {
  std::vector<unsigned char> bytes;
  std::size_t size = 0;
  while (in) {
    if (size == bytes.size()) {
      bound.check_limit(size, "stream");
      const std::uint64_t next = bound.grown(size, kChunk);
      bound.check_memory(next, size, "reading the stream into");
      bytes.resize(static_cast<std::size_t>(next));
    }
    in.read(reinterpret_cast<char*>(bytes.data() + size),
            static_cast<std::streamsize>(bytes.size() - size));
    size += static_cast<std::size_t>(in.gcount());
  }
  check(in.eof(), "cannot read '{}'", bound.path);
  bound.check_limit(size, "stream");
  bytes.resize(size);
  bytes.shrink_to_fit();
  return bytes;
}

std::vector<unsigned char> read_plain(const ReadBound& bound) {
  const std::string& path = bound.path;
  std::ifstream in(path, std::ios::binary);
  check(in.good(), "cannot open '{}': {}", path, std::strerror(errno));
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) {
    in.clear();
    return read_stream(in, bound);
  }
  in.seekg(0, std::ios::beg);
  // A file of known size is bounded by the memory only (its reader tells trailing bytes itself);
  // the size a header declares bounds what grows: a pipe, or gzip data as it inflates.
  check_fits_in_memory(static_cast<std::uint64_t>(size), path, "reading the file");
  std::vector<unsigned char> bytes(static_cast<std::size_t>(size));
  in.read(reinterpret_cast<char*>(bytes.data()), size);
  check(in.good() || bytes.empty(), "cannot read '{}'", path);
  return bytes;
}

// Inflates a gzip stream (several concatenated members allowed, as gzip itself writes them). The
// output grows by doubling, each growth checked against the bound first, so a small file that
// inflates to gigabytes of zeros fails while it grows, not after.
std::vector<unsigned char> inflate_gzip(const ReadBound& bound,
                                        std::vector<unsigned char> compressed) {
  const std::string& path = bound.path;
  z_stream stream{};
  check(inflateInit2(&stream, 16 + MAX_WBITS) == Z_OK, "'{}': cannot start gzip decoding", path);
  std::vector<unsigned char> out;
  stream.next_in = compressed.data();
  int status = Z_OK;
  std::size_t in_left = compressed.size(), produced = 0;
  try {
    while (true) {
      if (produced == out.size()) {
        bound.check_limit(produced, "gzip data");
        const std::uint64_t next = bound.grown(out.size(), compressed.size() * 2 + 1024);
        bound.check_memory(next, compressed.size() + out.size(), "inflating the gzip data to");
        out.resize(static_cast<std::size_t>(next));
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
  } catch (...) {
    inflateEnd(&stream);
    throw;
  }
  const std::string message = stream.msg != nullptr ? stream.msg : "";
  inflateEnd(&stream);
  check(status == Z_STREAM_END, "'{}': the gzip data is {}{}", path,
        status == Z_BUF_ERROR ? "truncated" : "corrupt",
        message.empty() ? "" : " (" + message + ")");
  bound.check_limit(produced, "gzip data");
  out.resize(produced);
  out.shrink_to_fit();
  return out;
}

}  // namespace

bool is_gzip(std::span<const unsigned char> bytes) {
  return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

std::vector<unsigned char> read_file_bytes(const std::string& path, std::uint64_t cost_per_byte,
                                           std::uint64_t max_bytes) {
  check(!std::filesystem::is_directory(path), "'{}' is a directory, not a file", path);
  const ReadBound bound{path, max_bytes, std::max<std::uint64_t>(cost_per_byte, 1)};
  try {
    std::vector<unsigned char> bytes = read_plain(bound);
    if (!is_gzip(bytes)) return bytes;
    return inflate_gzip(bound, std::move(bytes));
  } catch (const std::bad_alloc&) {
    throw Error(fmt::format("'{}': out of memory while reading it", path));
  }
}

std::vector<unsigned char> read_file_head(const std::string& path, std::size_t count) {
  check(!std::filesystem::is_directory(path), "'{}' is a directory, not a file", path);
  gzFile in = gzopen(path.c_str(), "rb");  // reads plain files as they are
  check(in != nullptr, "cannot open '{}': {}", path, std::strerror(errno));
  std::vector<unsigned char> bytes(count);
  const int got = gzread(in, bytes.data(), static_cast<unsigned>(count));
  int status = Z_OK;
  const std::string message = gzerror(in, &status);
  gzclose(in);
  check(got >= 0 && status != Z_DATA_ERROR, "'{}': the gzip data is corrupt ({})", path, message);
  check(static_cast<std::size_t>(got) == count || status != Z_BUF_ERROR,
        "'{}': the gzip data is truncated ({})", path, message);
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
  StagedFiles files;
  files.stage(path, bytes);
  files.commit();
}

void StagedFiles::stage(const std::string& path, std::span<const unsigned char> bytes) {
  check_output_file(path);
  // A fresh name in the same directory, created exclusively (O_CREAT | O_EXCL): a file or link
  // planted under a predictable name is never opened, and two writers never share a temporary.
  const std::filesystem::path target(path);
  std::string name = ".";
  name.append(target.filename().string()).append(".XXXXXX.tmp");
  std::string temporary = (target.parent_path() / name).string();
  const int fd = ::mkostemps(temporary.data(), 4, O_CLOEXEC);
  check(fd >= 0, "cannot write a temporary file beside '{}': {}", path, std::strerror(errno));
  register_temporary(temporary);  // removed by a signal handler, if one comes
  staged_.push_back({path, temporary});
  const bool written = ::fchmod(fd, 0644) == 0 && write_and_sync(fd, bytes);
  const int write_errno = errno;
  const bool closed = ::close(fd) == 0;
  const int close_errno = errno;
  check(written && closed, "cannot write '{}': {}", path,
        std::strerror(written ? close_errno : write_errno));
}

void StagedFiles::commit() {
  for (Staged& file : staged_) {
    std::error_code error;
    std::filesystem::rename(file.temporary, file.path, error);
    check(!error, "cannot rename '{}' to '{}': {}", file.temporary, file.path, error.message());
    forget_temporary(file.temporary);
    file.temporary.clear();
    sync_directory(std::filesystem::path(file.path).parent_path());
  }
  staged_.clear();
}

StagedFiles::~StagedFiles() {
  for (const Staged& file : staged_) {
    if (file.temporary.empty()) continue;
    std::error_code ignored;  // best effort: the error that brought us here is the one to report
    std::filesystem::remove(file.temporary, ignored);
    forget_temporary(file.temporary);
  }
}

}  // namespace axon
