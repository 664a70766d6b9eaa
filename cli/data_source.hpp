// Data sources named on the command line (--data, --test_data):
//
//   fashion-mnist             Debian's dataset-fashion-mnist in /usr/share/datasets/fashion-mnist
//   mnist:DIR, idx:DIR        a directory holding the four standard IDX files, gzipped or not
//   csv:FILE (or FILE.csv)    a CSV table, plain or gzipped
//   npz:FILE (or FILE.npz)    NumPy arrays x and y, or x_train, y_train, x_test and y_test
//   cifar10:DIR               the CIFAR-10 binary batches (data_batch_1.bin ... test_batch.bin)
//   NAME[:key=value,...]      a generator: blobs, xor, sine, linear, classification, spiral,
//                             moons, circles; keys samples (or n), noise, classes, features
//
// Inputs come back raw (pixels 0..255): the caller applies the preprocessing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "axon/data/dataset.hpp"
#include "axon/io/csv_reader.hpp"
#include "axon/io/preprocessing.hpp"

namespace axon::cli {

enum class SourceKind { kImages, kCsv, kGenerated };

struct SourceData {
  SourceKind kind = SourceKind::kGenerated;
  Dataset train;                ///< every sample of a CSV or generated source
  std::optional<Dataset> test;  ///< the separate test files of an IDX source
  Task task = Task::kClassification;
  std::string description;  ///< "fashion-mnist (/usr/share/...)", "sine (500 samples)"
  /// CSV: the raw columns and class names (to save with the model), why the task was chosen, and
  /// the file line of every row.
  Preprocessing table;
  std::string task_reason;
  std::vector<std::size_t> lines;
  /// The shape of one sample when it is more than a row: {3, 32, 32} (channels, height, width)
  /// for CIFAR-10, x's trailing axes for NumPy arrays; empty otherwise. Inputs stay rows.
  std::vector<std::size_t> sample_shape;
};

/// CSV settings from the --header, --label_column, --task, --delimiter, --missing and
/// --categorical flag values ("auto" allowed).
CsvOptions csv_options(const std::string& header, const std::string& label_column,
                       const std::string& task, const std::string& delimiter = "auto",
                       const std::string& missing = "error",
                       const std::string& categorical = "auto");

/// The train/test split draws from its own stream, not the one that generated the data.
inline constexpr std::uint64_t kSplitStream = 0x9e3779b97f4a7c15ULL;

/// The part of the rows one rank reads: rank r of N holds its contiguous block of the training
/// rows and of the test rows (distributed::block). One rank of one reads everything.
struct ShardOf {
  int rank = 0;
  int ranks = 1;
};

/// Loads `spec`. `seed` drives the generators; `csv` is used for CSV files. With `test_only`,
/// an IDX source reads only its t10k files, returned as `train`. With a shard of several ranks,
/// an IDX, CSV or NumPy source reads only the shard's rows; others are refused.
SourceData load_source(const std::string& spec, const CsvOptions& csv, std::uint64_t seed,
                       bool test_only = false, ShardOf shard = {});

/// True when `spec` names a directory of IDX files (fashion-mnist, mnist:DIR, idx:DIR).
bool is_idx_source(const std::string& spec);

/// True when --shard can read a rank's rows of `spec` alone: IDX, CSV and NumPy sources.
bool can_shard(const std::string& spec);

/// "1 feature", "3 features": `count` and `noun`, plural unless the count is 1.
std::string count_of(std::size_t count, const std::string& noun);

/// Classes in (N, 1) integer labels: the largest + 1.
std::size_t count_classes(const Tensor& labels);

}  // namespace axon::cli
