// predict and evaluate keep each dense weight packed for the bf16 kernel across their batches
// (FrozenWeights): the same bits as forward batch by batch, one packing per weight and call, and
// a packing made again once the weights change (by hand, or by the optimizer between epochs).
#include "axon/model/frozen_weights.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <vector>

#include "axon/data/dataset.hpp"
#include "axon/data/generators.hpp"
#include "axon/layers/dense.hpp"
#include "axon/losses/loss.hpp"
#include "axon/model/sequential.hpp"
#include "axon/optimizers/optimizer.hpp"
#include "axon/tensor/gemm_bf16.hpp"
#include "axon/tensor/rng.hpp"
#include "axon/tensor/runtime.hpp"
#include "axon/train/lambda_callback.hpp"
#include "axon/train/trainer.hpp"

namespace axon {
namespace {

// Large enough that every product of a batch of 64 runs in bf16 (kBf16MinMultiplyAdds).
Sequential make_model() {
  Sequential model = Sequential::mlp({100, 96, 64, 10}, {.output = "softmax", .seed = 3});
  model.compile(make_loss("cross_entropy"), make_optimizer("adam", 0.01f));
  return model;
}

Tensor random_inputs(std::size_t rows, std::size_t cols) {
  Rng rng(4);
  Tensor x(Shape{rows, cols});
  for (float& v : x.values()) v = rng.uniform(-1, 1);
  return x;
}

// The outputs of `x` from Sequential::forward on each batch of `batch_size` rows: no freezing.
std::vector<float> forward_batches(Sequential& model, const Tensor& x, std::size_t batch_size) {
  std::vector<float> out;
  Tensor batch;
  for (std::size_t start = 0; start < x.rows(); start += batch_size) {
    std::vector<std::size_t> rows(std::min(batch_size, x.rows() - start));
    std::iota(rows.begin(), rows.end(), start);
    gather_rows(x, rows, batch);
    const Tensor& y = model.forward(batch, false);
    out.insert(out.end(), y.values().begin(), y.values().end());
  }
  return out;
}

std::vector<float> values(const Tensor& t) { return {t.values().begin(), t.values().end()}; }

std::vector<std::size_t> packings(Sequential& model) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < model.size(); ++i)
    if (auto* dense = dynamic_cast<Dense*>(&model.layer(i)))
      out.push_back(dense->weight_packings());
  return out;
}

// Each dense weight is packed once per predict call where the AVX512-BF16 kernel keeps packings.
std::vector<std::size_t> expected_packings(std::size_t calls) {
  return std::vector<std::size_t>(3, bf16_kernel() == Bf16Kernel::kAvx512 ? calls : 0);
}

TEST(FrozenWeightsTest, PredictGivesForwardsBitsPackingEachWeightOnce) {
  if (!bf16_gemm_available()) GTEST_SKIP() << "no AMX-BF16 nor AVX512-BF16 on this CPU";
  const MatmulPrecisionScope bf16(MatmulPrecision::kBfloat16);
  Sequential model = make_model();
  const Tensor x = random_inputs(300, 100);
  const std::vector<float> predicted = values(model.predict(x, 64));  // 5 batches
  EXPECT_EQ(predicted, forward_batches(model, x, 64));
  EXPECT_EQ(packings(model), expected_packings(1));
}

TEST(FrozenWeightsTest, ChangedWeightsArePackedAgain) {
  if (!bf16_gemm_available()) GTEST_SKIP() << "no AMX-BF16 nor AVX512-BF16 on this CPU";
  const MatmulPrecisionScope bf16(MatmulPrecision::kBfloat16);
  Sequential model = make_model();
  const Tensor x = random_inputs(200, 100);
  const std::vector<float> before = values(model.predict(x, 64));
  // Through the raw pointer, as a user may: nothing tells the layer, the next call packs again.
  for (std::size_t i = 0; i < 500; ++i) model.layer<Dense>(0).weight().value[i] *= -1.5f;
  const std::vector<float> after = values(model.predict(x, 64));
  EXPECT_NE(after, before);
  EXPECT_EQ(after, forward_batches(model, x, 64));
  EXPECT_EQ(packings(model), expected_packings(2));
}

// The validation after each epoch (Sequential::evaluate, frozen) sees the weights the optimizer
// left: its loss equals one recomputed from unfrozen forwards, bit for bit, in every epoch.
TEST(FrozenWeightsTest, ValidationLossesMatchARecomputationAfterEveryEpoch) {
  if (!bf16_gemm_available()) GTEST_SKIP() << "no AMX-BF16 nor AVX512-BF16 on this CPU";
  const MatmulPrecisionScope bf16(MatmulPrecision::kBfloat16);
  Rng rng(6);
  const Dataset data = data::classification(rng, {.samples = 1200, .features = 100});
  const auto parts = data.split(0.5, rng);
  const Dataset& train = parts.first;
  const Dataset& validation = parts.second;
  Sequential model = make_model();
  std::vector<double> reported, recomputed;
  LambdaCallback check({.on_epoch_end = [&](Trainer&, const EpochRecord& record) {
    reported.push_back(*record.val_loss);
    double sum = 0.0;
    Tensor batch, targets;
    for (std::size_t start = 0; start < validation.size(); start += 256) {  // evaluate's batches
      std::vector<std::size_t> rows(std::min<std::size_t>(256, validation.size() - start));
      std::iota(rows.begin(), rows.end(), start);
      gather_rows(validation.inputs, rows, batch);
      gather_rows(validation.targets, rows, targets);
      const Tensor& out = model.forward(batch, false);
      sum += static_cast<double>(model.loss()->forward(out, targets)) * rows.size();
    }
    recomputed.push_back(sum / validation.size());
  }});
  Trainer trainer(model, {.epochs = 3, .batch_size = 64, .validation_data = &validation});
  trainer.add(check).fit(train);
  ASSERT_EQ(reported.size(), 3u);
  EXPECT_EQ(reported, recomputed);
  EXPECT_NE(reported[0], reported[2]);  // the weights did change between validations
  EXPECT_EQ(packings(model), expected_packings(3));
}

}  // namespace
}  // namespace axon
