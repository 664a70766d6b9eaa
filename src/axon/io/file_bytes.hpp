// Whole-file reads and writes: gzip is detected by its magic bytes and inflated with zlib, and
// writes go to a temporary file renamed into place, so a crash never leaves half a file.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace axon {

/// The bytes of `path` (a file, or a pipe such as /dev/stdin), inflated when they start with the
/// gzip magic (1f 8b). Throws axon::Error naming the file when it cannot be opened or its gzip
/// stream is damaged, and, while the data grows (a pipe read in chunks, gzip inflated by
/// doubling), as soon as it holds more than `max_bytes` (a size a header declares; a file of known
/// size is left to its reader) or would hold more than the
/// memory budget allows when each byte costs `cost_per_byte` bytes in all (the byte and what the
/// caller makes of it: 5 for bytes that become floats).
std::vector<unsigned char> read_file_bytes(
    const std::string& path, std::uint64_t cost_per_byte = 1,
    std::uint64_t max_bytes = std::numeric_limits<std::uint64_t>::max());

/// True when `bytes` start with the gzip magic.
bool is_gzip(std::span<const unsigned char> bytes);

/// The first `count` bytes of `path` (inflated when gzipped), fewer when the file is shorter: reads
/// a header without reading the whole file.
std::vector<unsigned char> read_file_head(const std::string& path, std::size_t count);

/// Throws axon::Error when `path` exists and is not a regular file: a symbolic link, a directory,
/// a device, a pipe or a socket is never replaced by an output.
void check_output_file(const std::string& path);

/// True when `a` and `b` both exist and are one file (the same device and inode: "./d.csv",
/// "d.csv", a link to it and a hard link all are).
bool is_same_file(const std::string& a, const std::string& b);

/// Writes `bytes` to a new temporary file beside `path` (".NAME.XXXXXX.tmp", created exclusively,
/// never through a link), forces it to the disk (fsync), then renames it over `path`: a crash at
/// any moment leaves either the old file or the new one, never a mix, and concurrent writers each
/// rename a whole file. Refuses a `path` that is not a regular file (check_output_file).
void write_file_atomically(const std::string& path, std::span<const unsigned char> bytes);

/// Outputs written as one: each is staged (written and synced to a temporary beside its path, as
/// write_file_atomically does) and only when every one is staged does commit() rename them into
/// place. A failure while staging (a full disk, a bad path) throws and, when the StagedFiles goes
/// out of scope, removes the temporaries: none of the outputs is written and the files that were
/// there are untouched.
class StagedFiles {
 public:
  StagedFiles() = default;
  StagedFiles(const StagedFiles&) = delete;
  StagedFiles& operator=(const StagedFiles&) = delete;
  ~StagedFiles();

  /// Writes `bytes` to a new temporary beside `path` (refused when `path` is not a regular file).
  void stage(const std::string& path, std::span<const unsigned char> bytes);
  /// Renames every staged temporary over its path, in the order staged.
  void commit();

 private:
  struct Staged {
    std::string path;
    std::string temporary;  ///< empty once renamed
  };
  std::vector<Staged> staged_;
};

}  // namespace axon
