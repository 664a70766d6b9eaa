// Output paths of `axon train`, checked before any data is read: a run that would train for an
// hour and then fail to save fails at once instead.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "train_options.hpp"

namespace axon::cli {

/// Throws when `path` (given to `flag`) names a directory, an existing file that is not a regular
/// file (a link, a device, a pipe), or a file whose directory does not exist or is not writable;
/// does nothing for an empty path.
void check_output_path(const std::string& flag, const std::string& path);

/// Whether two paths name one file ("m.axon" and "./m.axon" do), existing or not.
bool same_file(const std::string& a, const std::string& b);

/// Throws when --plots names a file, or a directory that cannot be made or written.
void check_plots_directory(const std::string& path);

/// The files a data source reads: "csv:d.csv" reads d.csv, "mnist:DIR" the files in DIR;
/// generators read none.
std::vector<std::string> input_files(const std::string& spec);

/// Throws when `output` (given to `flag`) is one of `inputs`: (file, the flag that reads it).
void check_not_an_input(const std::string& flag, const std::string& output,
                        const std::vector<std::pair<std::string, std::string>>& inputs);

/// Throws when --save, --report or --checkpoint names a directory, or a file whose directory
/// does not exist or is not writable.
void check_output_paths(const TrainOptions& options);

}  // namespace axon::cli
