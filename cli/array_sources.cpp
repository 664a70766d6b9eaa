// Data sources of arrays: NumPy archives and CIFAR-10 batches, described for the Data line.
#include "array_sources.hpp"

#include <fmt/format.h>

#include "axon/io/cifar_reader.hpp"
#include "axon/io/numpy_dataset.hpp"

namespace axon::cli {

SourceData load_npz_source(const std::string& path, std::optional<Task> task, bool test_only,
                           ShardOf shard) {
  NumpyData numpy = read_npz_dataset(path, task, shard.rank, shard.ranks);
  SourceData data;
  data.kind = SourceKind::kCsv;  // a table of features: standardized like one
  data.task = numpy.task;
  data.sample_shape = numpy.sample_shape;
  if (test_only && numpy.test) {
    data.train = std::move(*numpy.test);
  } else {
    data.train = std::move(numpy.train);
    data.test = std::move(numpy.test);
  }
  data.description = fmt::format(
      "{} ({}; {} of {}{}, {})", path, numpy.description, count_of(data.train.size(), "row"),
      count_of(data.train.features(), "feature"),
      data.test ? fmt::format(", {} test rows", data.test->size()) : "", to_string(data.task));
  if (shard.ranks > 1)
    data.description += fmt::format(", rank {} of {} reads its block", shard.rank, shard.ranks);
  return data;
}

SourceData load_cifar10_source(const std::string& dir, bool test_only) {
  const std::string base = cifar10_batch_dir(dir);
  SourceData data;
  data.kind = SourceKind::kImages;
  data.task = Task::kClassification;
  data.sample_shape = {kCifarChannels, kCifarSide, kCifarSide};
  if (test_only) {
    data.train = read_cifar10_test(base);
    data.description =
        fmt::format("cifar10 ({}: {} test images of 3 x 32 x 32)", base, data.train.size());
    return data;
  }
  data.train = read_cifar10_train(base);
  data.test = read_cifar10_test(base);
  data.description = fmt::format("cifar10 ({}: {} training and {} test images of 3 x 32 x 32)",
                                 base, data.train.size(), data.test->size());
  return data;
}

}  // namespace axon::cli
