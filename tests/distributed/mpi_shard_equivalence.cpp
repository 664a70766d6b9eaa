// Run under mpirun: every rank trains on its own block of the rows (TrainerOptions::sharded), and
// every rank then replays the same run alone: the N shards' loaders, shuffled by the N ranks'
// streams, each give their batch, and one process steps on the rows of all of them together. The
// weights must agree to 1e-6 relative: sharded training equals one process that draws its batches
// the same way (not one process shuffling all rows, which draws other batches).
#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

#include "axon/data/data_loader.hpp"
#include "axon/losses/loss.hpp"
#include "axon/model/sequential.hpp"
#include "axon/optimizers/sgd.hpp"
#include "axon/train/distributed.hpp"
#include "axon/train/shard_schedule.hpp"
#include "axon/train/trainer.hpp"

namespace {

constexpr std::size_t kRows = 331, kFeatures = 5, kClasses = 3, kBatch = 33, kEpochs = 4;

// 331 rows (blocks of 165 and 166 on two ranks), 3 classes by the sign pattern of two sums.
axon::Dataset make_data() {
  axon::Tensor x(axon::Shape{kRows, kFeatures}), y(axon::Shape{kRows, kClasses});
  std::uint64_t state = 777;
  for (std::size_t i = 0; i < kRows; ++i) {
    double a = 0, b = 0;
    for (std::size_t j = 0; j < kFeatures; ++j) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      const float v = static_cast<float>((state >> 40) % 2001) / 1000.0f - 1.0f;
      x[i * kFeatures + j] = v;
      (j % 2 == 0 ? a : b) += v;
    }
    y[i * kClasses + (a > 0 ? (b > 0 ? 0 : 1) : 2)] = 1.0f;
  }
  return axon::Dataset(std::move(x), std::move(y));
}

axon::Dataset block_of(const axon::Dataset& data, int rank, int ranks) {
  const axon::distributed::Share mine = axon::distributed::block(data.size(), rank, ranks);
  std::vector<std::size_t> rows(mine.count);
  for (std::size_t i = 0; i < mine.count; ++i) rows[i] = mine.begin + i;
  axon::Tensor x, y;
  axon::gather_rows(data.inputs, rows, x);
  axon::gather_rows(data.targets, rows, y);
  return axon::Dataset(std::move(x), std::move(y));
}

axon::Sequential make_model() {
  axon::Sequential model = axon::Sequential::mlp({kFeatures, 16, kClasses}, {.output = "softmax"});
  model.compile(axon::make_loss("cross_entropy"), std::make_unique<axon::Sgd>(axon::SgdOptions{
                                                      .learning_rate = 0.1f, .momentum = 0.9f}));
  model.build(kFeatures);
  return model;
}

std::vector<float> weights(axon::Sequential& model) {
  const auto values = model.parameters().values();
  return {values.begin(), values.end()};
}

std::vector<float> train_sharded(const axon::Dataset& data, int rank, int ranks) {
  axon::Sequential model = make_model();
  axon::Trainer trainer(
      model, {.epochs = kEpochs, .batch_size = kBatch, .data_parallel = true, .sharded = true});
  trainer.fit(block_of(data, rank, ranks));
  return weights(model);
}

// One process: every shard's loader with its rank's stream, the batches of a step concatenated.
std::vector<float> replay_alone(const axon::Dataset& data, int ranks) {
  axon::Sequential model = make_model();
  std::vector<axon::Dataset> shards;
  std::vector<std::size_t> sizes;
  for (int r = 0; r < ranks; ++r) {
    shards.push_back(block_of(data, r, ranks));
    sizes.push_back(shards.back().size());
  }
  const axon::ShardSchedule schedule(sizes, kBatch);
  const std::uint64_t base = model.rng().state().words[0];
  std::vector<axon::Rng> streams;
  for (int r = 0; r < ranks; ++r) streams.emplace_back(axon::distributed::shard_seed(base, r));
  std::vector<std::unique_ptr<axon::DataLoader>> loaders;
  for (int r = 0; r < ranks; ++r)
    loaders.push_back(std::make_unique<axon::DataLoader>(
        shards[static_cast<std::size_t>(r)],
        axon::DataLoaderOptions{.batch_size = schedule.local_batch(r)},
        streams[static_cast<std::size_t>(r)]));
  axon::Tensor x(axon::Shape{1, kFeatures}), y(axon::Shape{1, kClasses});
  for (std::size_t epoch = 0; epoch < kEpochs; ++epoch) {
    for (auto& loader : loaders) loader->begin();
    for (std::size_t step = 0; step < schedule.steps(); ++step) {
      x = axon::Tensor(axon::Shape{schedule.global_rows(step), kFeatures});
      y = axon::Tensor(axon::Shape{schedule.global_rows(step), kClasses});
      std::size_t row = 0;
      for (auto& loader : loaders) {
        const axon::DataLoader::Batch batch = loader->batch(step);
        std::copy(batch.inputs.values().begin(), batch.inputs.values().end(),
                  x.values().begin() + static_cast<std::ptrdiff_t>(row * kFeatures));
        std::copy(batch.targets.values().begin(), batch.targets.values().end(),
                  y.values().begin() + static_cast<std::ptrdiff_t>(row * kClasses));
        row += batch.inputs.rows();
      }
      model.train_step(x, y);
    }
  }
  return weights(model);
}

}  // namespace

int main(int argc, char** argv) {
  axon::distributed::init(&argc, &argv);
  const int rank = axon::distributed::rank(), ranks = axon::distributed::size();
  const axon::Dataset data = make_data();
  const std::vector<float> sharded = train_sharded(data, rank, ranks);
  const std::vector<float> alone = replay_alone(data, ranks);
  double diff = 0, norm = 0;
  bool identical = alone.size() == sharded.size();
  for (std::size_t i = 0; identical && i < alone.size(); ++i) {
    diff += std::pow(static_cast<double>(alone[i]) - sharded[i], 2);
    norm += std::pow(static_cast<double>(alone[i]), 2);
    identical = identical && alone[i] == sharded[i];
  }
  const double relative = std::sqrt(diff / norm);
  std::printf(
      "rank %d of %d: sharded vs one process drawing the same batches: relative "
      "difference %.3g after %zu epochs, bits %s\n",
      rank, ranks, relative, kEpochs, identical ? "identical" : "differ");
  axon::distributed::finalize();
  return alone.size() == sharded.size() && relative <= 1e-6 && ranks > 1 ? 0 : 1;
}
