// Whole-file reads and writes: gzip is detected by its magic bytes and inflated with zlib, and
// writes go to a temporary file renamed into place, so a crash never leaves half a file.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace axon {

/// The bytes of `path`, inflated when the file starts with the gzip magic (1f 8b). Throws
/// axon::Error naming the file when it cannot be opened or its gzip stream is damaged.
std::vector<unsigned char> read_file_bytes(const std::string& path);

/// True when `bytes` start with the gzip magic.
bool is_gzip(std::span<const unsigned char> bytes);

/// Writes `bytes` to `path` + ".tmp", flushes it, then renames it over `path`.
void write_file_atomically(const std::string& path, std::span<const unsigned char> bytes);

}  // namespace axon
