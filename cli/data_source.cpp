// Data sources: parsing a --data value and loading IDX directories, CSV files and generators.
#include "data_source.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "array_sources.hpp"
#include "axon/data/generator_spec.hpp"
#include "axon/io/idx_reader.hpp"
#include "axon/tensor/error.hpp"
#include "axon/train/distributed.hpp"

namespace axon::cli {
namespace {

constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

// "train-images-idx3-ubyte" with or without ".gz"; names with a dot ("train-images.idx3-ubyte")
// as some mirrors spell them are accepted too.
std::string find_idx_file(const std::string& dir, const std::string& prefix,
                          const std::string& kind) {
  for (const char* separator : {"-", "."}) {
    for (const char* suffix : {"", ".gz"}) {
      const std::string path =
          fmt::format("{}/{}{}{}-ubyte{}", dir, prefix, separator, kind, suffix);
      if (std::filesystem::exists(path)) return path;
    }
  }
  throw Error(fmt::format("'{}' has no {}-{}-ubyte[.gz] file", dir, prefix, kind));
}

// Images and labels as read_idx_dataset reads them (pixels 0..255), with the shape of one image:
// (1, H, W) for files of (N, H, W), (C, H, W) for (N, C, H, W), empty for rows (N, pixels).
Dataset read_idx_images_and_labels(const std::string& images_path, const std::string& labels_path,
                                   std::vector<std::size_t>& sample_shape) {
  const IdxArray array = read_idx(images_path);
  Tensor images = idx_images(array, images_path, 1.0f);
  Tensor labels = read_idx_labels(labels_path);
  check(images.rows() == labels.rows(), "'{}' holds {} images but '{}' holds {} labels",
        images_path, images.rows(), labels_path, labels.rows());
  check(images.rows() > 0, "'{}' holds no images", images_path);
  if (array.dims.size() == 3) sample_shape = {1, array.dims[1], array.dims[2]};
  if (array.dims.size() == 4) sample_shape = {array.dims[1], array.dims[2], array.dims[3]};
  return Dataset(std::move(images), std::move(labels));
}

// The rank's block of the rows of an images file and its labels file, read alone (the headers
// first, to know the block), with the shape of one image as above.
Dataset read_idx_shard(const std::string& images, const std::string& labels, ShardOf shard,
                       std::vector<std::size_t>& sample_shape) {
  if (shard.ranks == 1) return read_idx_images_and_labels(images, labels, sample_shape);
  const auto dims = read_idx_dims(images);
  const std::size_t n = dims[0], labels_n = read_idx_dims(labels)[0];
  check(n == labels_n, "'{}' holds {} images but '{}' holds {} labels", images, n, labels,
        labels_n);
  check(n >= static_cast<std::size_t>(shard.ranks),
        "'{}' holds {} images, fewer than the {} ranks that share them", images, n, shard.ranks);
  if (dims.size() == 3) sample_shape = {1, dims[1], dims[2]};
  if (dims.size() == 4) sample_shape = {dims[1], dims[2], dims[3]};
  const distributed::Share mine = distributed::block(n, shard.rank, shard.ranks);
  return Dataset(idx_images(read_idx_rows(images, mine.begin, mine.count), images, 1.0f),
                 idx_labels(read_idx_rows(labels, mine.begin, mine.count), labels));
}

std::string shard_text(ShardOf shard) {
  return shard.ranks == 1 ? ""
                          : fmt::format(", rank {} of {} reads its block", shard.rank, shard.ranks);
}

SourceData load_idx_dir(const std::string& dir, const std::string& name, bool test_only,
                        ShardOf shard) {
  check(std::filesystem::is_directory(dir), "'{}' is not a directory (expected the four IDX files)",
        dir);
  SourceData data;
  data.kind = SourceKind::kImages;
  if (test_only) {
    const std::string images = find_idx_file(dir, "t10k", "images-idx3");
    data.train =
        read_idx_shard(images, find_idx_file(dir, "t10k", "labels-idx1"), shard, data.sample_shape);
    data.description = fmt::format("{} ({}: {} test images of {} pixels{})", name, dir,
                                   data.train.size(), data.train.features(), shard_text(shard));
    return data;
  }
  std::string paths[4];
  const char* parts[4][2] = {{"train", "images-idx3"},
                             {"train", "labels-idx1"},
                             {"t10k", "images-idx3"},
                             {"t10k", "labels-idx1"}};
  for (int i = 0; i < 4; ++i) paths[i] = find_idx_file(dir, parts[i][0], parts[i][1]);
  data.train = read_idx_shard(paths[0], paths[1], shard, data.sample_shape);
  std::vector<std::size_t> test_shape;
  data.test = read_idx_shard(paths[2], paths[3], shard, test_shape);
  check(data.train.features() == data.test->features(),
        "'{}': training images have {} pixels but test images {}", dir, data.train.features(),
        data.test->features());
  data.description = fmt::format("{} ({}: {} training and {} test images of {} pixels{})", name,
                                 dir, read_idx_dims(paths[0])[0], read_idx_dims(paths[2])[0],
                                 data.train.features(), shard_text(shard));
  return data;
}

SourceData load_fashion_mnist(bool test_only, ShardOf shard) {
  check(std::filesystem::is_directory(kFashionMnistDir),
        "Fashion-MNIST is not installed ({} is missing): run `apt-get install "
        "dataset-fashion-mnist`, or pass --data mnist:DIR with a directory of IDX files",
        kFashionMnistDir);
  return load_idx_dir(kFashionMnistDir, "fashion-mnist", test_only, shard);
}

SourceData load_csv_source(const std::string& path, CsvOptions options, ShardOf shard) {
  options.part = shard.rank;
  options.parts = shard.ranks;
  CsvData csv = read_csv(path, options);
  check(csv.file_rows >= static_cast<std::size_t>(shard.ranks),
        "'{}' holds {} data rows, fewer than the {} ranks that share them", path, csv.file_rows,
        shard.ranks);
  check(csv.labels.data() != nullptr, "'{}': training needs a label column", path);
  SourceData data;
  data.kind = SourceKind::kCsv;
  data.task = csv.task;
  std::size_t text_columns = 0;
  for (const FeatureColumn& c : csv.columns) text_columns += c.categories.empty() ? 0 : 1;
  const std::string encoded =
      text_columns == 0
          ? ""
          : fmt::format(" ({} one-hot encoded from {} text column{})", csv.features.cols(),
                        text_columns, text_columns == 1 ? "" : "s");
  const std::string dropped = csv.dropped == 0 ? ""
                                               : fmt::format(", {} dropped for missing values",
                                                             count_of(csv.dropped, "row"));
  data.description = fmt::format(
      "{} ({} of {}{}, label '{}', {}{}{})", path, count_of(csv.features.rows(), "row"),
      count_of(csv.columns.size(), "feature"), encoded, csv.label_name, to_string(csv.task),
      csv.delimiter == ',' ? "" : ", fields split at " + delimiter_name(csv.delimiter), dropped);
  data.description += shard_text(shard);
  data.task_reason = csv.task_reason;
  data.table.columns = std::move(csv.columns);
  data.table.class_names = std::move(csv.class_names);
  data.table.classes = csv.classes;
  data.lines = std::move(csv.lines);
  data.train = Dataset(std::move(csv.features), std::move(csv.labels));
  return data;
}

SourceData load_generated(const std::string& spec, std::uint64_t seed) {
  if (!data::is_generator_spec(spec))
    throw Error(fmt::format(
        "unknown data source '{}' (expected fashion-mnist, mnist:DIR, idx:DIR, csv:FILE, "
        "npz:FILE, cifar10:DIR or a generator: {})",
        spec, fmt::join(data::generator_names(), ", ")));
  const data::GeneratorSpec generator = data::parse_generator_spec(spec);
  const std::string& name = generator.name;
  const data::GeneratorOptions& options = generator.options;
  Rng rng(seed);
  SourceData data;
  data.kind = SourceKind::kGenerated;
  data.train = data::generate(generator, spec, rng);
  data.task = data::generator_task(name);
  data.description = fmt::format("{} ({} of {}, {})", spec, count_of(data.train.size(), "sample"),
                                 count_of(data.train.features(), "feature"), to_string(data.task));
  // Without noise XOR is its four points and nothing else: holding one out would leave a
  // different problem to learn, so, as in the seed, the test is the truth table itself.
  if (name == "xor" && options.noise.value_or(0.0f) == 0.0f) {
    data.test = data.train;
    data.description += ", tested on its own four points";
  }
  return data;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool is_idx_source(const std::string& spec) {
  return spec == "fashion-mnist" || spec == "fashion_mnist" || spec.starts_with("mnist:") ||
         spec.starts_with("idx:");
}

bool can_shard(const std::string& spec) {
  return is_idx_source(spec) || spec.starts_with("csv:") || ends_with(spec, ".csv") ||
         ends_with(spec, ".csv.gz") || spec.starts_with("npz:") || ends_with(spec, ".npz");
}

std::string count_of(std::size_t count, const std::string& noun) {
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

std::size_t count_classes(const Tensor& labels) {
  float largest = 0.0f;
  for (float v : labels.values()) largest = std::max(largest, v);
  return static_cast<std::size_t>(largest) + 1;
}

CsvOptions csv_options(const std::string& header, const std::string& label_column,
                       const std::string& task, const std::string& delimiter,
                       const std::string& missing, const std::string& categorical) {
  CsvOptions options;
  options.header = parse_csv_header(header);
  options.label_column = label_column;
  if (task != "auto") options.task = parse_task(task);
  options.delimiter = parse_delimiter(delimiter);
  options.missing = parse_missing_values(missing);
  options.categorical = categorical;
  return options;
}

SourceData load_source(const std::string& spec, const CsvOptions& csv, std::uint64_t seed,
                       bool test_only, ShardOf shard) {
  check(!spec.empty(), "--data is empty");
  if (spec == "fashion-mnist" || spec == "fashion_mnist")
    return load_fashion_mnist(test_only, shard);
  if (spec.starts_with("mnist:")) return load_idx_dir(spec.substr(6), "mnist", test_only, shard);
  if (spec.starts_with("idx:")) return load_idx_dir(spec.substr(4), "idx", test_only, shard);
  check(shard.ranks == 1 || can_shard(spec),
        "--shard reads a rank's rows of IDX, CSV and NumPy sources only (fashion-mnist, "
        "mnist:DIR, idx:DIR, csv:FILE, npz:FILE); '{}' is read whole by every rank: leave out "
        "--shard",
        spec);
  if (spec.starts_with("csv:")) return load_csv_source(spec.substr(4), csv, shard);
  if (ends_with(spec, ".csv") || ends_with(spec, ".csv.gz"))
    return load_csv_source(spec, csv, shard);
  if (spec.starts_with("npz:")) return load_npz_source(spec.substr(4), csv.task, test_only, shard);
  if (ends_with(spec, ".npz")) return load_npz_source(spec, csv.task, test_only, shard);
  if (spec.starts_with("cifar10:")) return load_cifar10_source(spec.substr(8), test_only);
  check(spec != "mnist",
        "--data mnist needs the directory of the IDX files: --data mnist:DIR (Fashion-MNIST "
        "ships with Debian: --data fashion-mnist)");
  return load_generated(spec, seed);
}

}  // namespace axon::cli
