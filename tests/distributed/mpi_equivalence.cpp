// Run under mpirun: every rank trains the same MLP twice, once alone on whole batches and once
// data-parallel on its share of them, and checks that both give the same weights after 100 steps
// (to 1e-6 relative), and that one process reducing the two shares' gradients as two ranks do
// gives their weights bit for bit. With AXON_MPI_EXIT_RANK=r and AXON_MPI_EXIT_STEP=s rank r exits
// at step s instead, to show that the other ranks stop rather than wait forever.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "axon/data/data_loader.hpp"
#include "axon/losses/loss.hpp"
#include "axon/model/sequential.hpp"
#include "axon/optimizers/sgd.hpp"
#include "axon/train/distributed.hpp"
#include "axon/train/lambda_callback.hpp"
#include "axon/train/trainer.hpp"

namespace {

// 330 rows of 6 features, 3 classes by the sign pattern of two sums; 33 rows a batch leaves the
// ranks unequal shares (17 and 16 with two ranks).
axon::Dataset make_data() {
  constexpr std::size_t kRows = 330, kFeatures = 6, kClasses = 3;
  axon::Tensor x(axon::Shape{kRows, kFeatures}), y(axon::Shape{kRows, kClasses});
  std::uint64_t state = 12345;
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

axon::Sequential make_model() {
  axon::Sequential model = axon::Sequential::mlp({6, 16, 3}, {.output = "softmax"});
  model.compile(axon::make_loss("cross_entropy"), std::make_unique<axon::Sgd>(axon::SgdOptions{
                                                      .learning_rate = 0.1f, .momentum = 0.9f}));
  return model;
}

std::vector<float> train(const axon::Dataset& data, bool data_parallel) {
  axon::Sequential model = make_model();
  axon::Trainer trainer(model, {.epochs = 10, .batch_size = 33, .data_parallel = data_parallel});
  const char* exit_rank = std::getenv("AXON_MPI_EXIT_RANK");
  const char* exit_step = std::getenv("AXON_MPI_EXIT_STEP");
  const bool exits =
      data_parallel && exit_rank && exit_step && std::atoi(exit_rank) == axon::distributed::rank();
  std::size_t step = 0;
  axon::LambdaCallback dies({.on_batch_end = [&](axon::Trainer&, const axon::BatchRecord&) {
    if (exits && ++step == static_cast<std::size_t>(std::atoi(exit_step))) std::_Exit(3);
  }});
  trainer.add(dies);
  trainer.fit(data);
  const auto values = model.parameters().values();
  return {values.begin(), values.end()};
}

// One process computing what two ranks compute, bit for bit: the batches the trainer draws (the
// model's shuffle), each split into the two ranks' shares; each share's gradient is computed
// apart (share 0 on a second model holding the same weights), scaled by its rows over the
// batch's, and the two are added, as the two-rank allreduce adds them (float addition is
// commutative, so both ranks hold the same sum). It costs two backward passes of half a batch.
std::vector<float> replay_two_shares(const axon::Dataset& data) {
  axon::Sequential model = make_model(), helper = make_model();
  model.build(6);
  helper.build(6);
  axon::DataLoader loader(data, {.batch_size = 33, .shuffle = true}, model.rng());
  std::vector<float> first;
  axon::Tensor x0, y0, x1, y1;
  for (int epoch = 0; epoch < 10; ++epoch) {
    loader.begin();
    for (std::size_t b = 0; b < loader.num_batches(); ++b) {
      const axon::DataLoader::Batch batch = loader.batch(b);
      const std::size_t rows = batch.inputs.rows();
      const axon::distributed::Share shares[2] = {axon::distributed::share(rows, 0, 2),
                                                  axon::distributed::share(rows, 1, 2)};
      std::vector<std::size_t> indices[2];
      for (int r = 0; r < 2; ++r)
        for (std::size_t i = 0; i < shares[r].count; ++i) indices[r].push_back(shares[r].begin + i);
      axon::gather_rows(batch.inputs, indices[0], x0);
      axon::gather_rows(batch.targets, indices[0], y0);
      axon::gather_rows(batch.inputs, indices[1], x1);
      axon::gather_rows(batch.targets, indices[1], y1);
      const auto weights = model.parameters().values();
      std::copy(weights.begin(), weights.end(), helper.parameters().values().begin());
      const auto scale = [rows](std::span<float> grads, std::size_t share_rows) {
        const float factor = static_cast<float>(share_rows) / static_cast<float>(rows);
        for (float& g : grads) g *= factor;
      };
      helper.train_step(x0, y0, {.reduce_gradients = [&](std::span<float> g, std::size_t n) {
                          scale(g, n);
                          first.assign(g.begin(), g.end());
                        }});
      model.train_step(x1, y1, {.reduce_gradients = [&](std::span<float> g, std::size_t n) {
                         scale(g, n);
                         for (std::size_t i = 0; i < g.size(); ++i) g[i] = first[i] + g[i];
                       }});
    }
  }
  const auto values = model.parameters().values();
  return {values.begin(), values.end()};
}

}  // namespace

int main(int argc, char** argv) {
  axon::distributed::init(&argc, &argv);
  const int rank = axon::distributed::rank(), ranks = axon::distributed::size();
  const axon::Dataset data = make_data();
  const std::vector<float> alone = train(data, false);
  const std::vector<float> parallel = train(data, true);
  double diff = 0, norm = 0;
  bool identical = alone.size() == parallel.size();
  for (std::size_t i = 0; identical && i < alone.size(); ++i) {
    diff += std::pow(static_cast<double>(alone[i]) - parallel[i], 2);
    norm += std::pow(static_cast<double>(alone[i]), 2);
    identical = identical && alone[i] == parallel[i];
  }
  const double relative = std::sqrt(diff / norm);
  std::printf("rank %d of %d: relative difference %.3g after 100 steps, bits %s\n", rank, ranks,
              relative, identical ? "identical" : "differ");
  // With two ranks the reduction order is fixed, and one process that reduces the same way
  // gives the same bits.
  bool replayed = true;
  if (ranks == 2) {
    replayed = replay_two_shares(data) == parallel;
    std::printf("rank %d of %d: one process adding the two shares' gradients: bits %s\n", rank,
                ranks, replayed ? "identical" : "differ");
  }
  axon::distributed::finalize();
  return alone.size() == parallel.size() && relative <= 1e-6 && ranks > 1 && replayed ? 0 : 1;
}
