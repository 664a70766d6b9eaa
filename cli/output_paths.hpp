// Output paths of `axon train`, checked before any data is read: a run that would train for an
// hour and then fail to save fails at once instead.
#pragma once

#include "train_options.hpp"

namespace axon::cli {

/// Throws when --save, --report or --checkpoint names a directory, or a file whose directory
/// does not exist or is not writable.
void check_output_paths(const TrainOptions& options);

}  // namespace axon::cli
