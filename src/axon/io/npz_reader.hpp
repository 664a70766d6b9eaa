// NPZ reader: the arrays of a NumPy .npz archive (numpy.savez, numpy.savez_compressed), a zip of
// .npy files, by name.
#pragma once

#include <map>
#include <span>
#include <string>

#include "axon/io/npy_reader.hpp"

namespace axon {

/// The arrays of the archive in `bytes`, keyed by name without ".npy" ("x", "y_train"); errors
/// name `source`, and the entry when one is bad.
std::map<std::string, NpyArray> parse_npz(std::span<const unsigned char> bytes,
                                          const std::string& source);

/// Reads the archive at `path` and decodes it with parse_npz.
std::map<std::string, NpyArray> read_npz(const std::string& path);

/// Block `part` of `parts` of the rows of every array in the archive at `path` (parse_npy_block).
/// The file is mapped, not read: of a stored entry (numpy.savez) only the block's pages are
/// touched; a compressed one (numpy.savez_compressed) is inflated whole, then cut to the block.
std::map<std::string, NpyArray> read_npz_block(const std::string& path, int part, int parts);

/// True when `bytes` start like a zip archive ("PK\3\4").
bool looks_like_zip(std::span<const unsigned char> bytes);

}  // namespace axon
