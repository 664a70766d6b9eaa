// BatchNorm: a hand-worked batch, finite-difference gradients in training and evaluation, PyTorch
// 1.13 BatchNorm1d values (forward, backward and running statistics; fixture and script:
// tests/fixtures/batch_norm.txt, tests/reference/batch_norm.py), buffers, and errors.
//
// Tolerance against PyTorch: each element within 2e-6 times the largest magnitude of its vector.
// Both sides compute the statistics in double and round to float once; they differ only in how
// the float products are grouped (PyTorch folds gamma / sigma into one factor), a few ulp. Wrong
// variance (biased for unbiased), a missing eps or a dropped mean term in dX are errors of 1e-3
// or more.
#include "axon/layers/batch_norm.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "axon/model/sequential.hpp"
#include "axon/tensor/error.hpp"
#include "support/gradient_check.hpp"

namespace axon {
namespace {

using ::testing::HasSubstr;

TEST(BatchNormTest, HandWorkedBatch) {
  // One feature, x = (1, 3): mu = 2, biased var = 1, unbiased var = 2.
  BatchNorm bn(1);
  const Tensor x(Shape{2, 1}, {1.0f, 3.0f});
  const Tensor& y = bn.forward(x, true);
  const float s = 1.0f / std::sqrt(1.0f + 1e-5f);
  EXPECT_FLOAT_EQ(y[0], -s);
  EXPECT_FLOAT_EQ(y[1], s);
  EXPECT_FLOAT_EQ(bn.running_mean()[0], 0.1f * 2.0f);        // 0.9 * 0 + 0.1 * 2
  EXPECT_FLOAT_EQ(bn.running_var()[0], 0.9f + 0.1f * 2.0f);  // 0.9 * 1 + 0.1 * 2
  // Evaluation: (x - 0.2) / sqrt(1.1 + eps), with gamma = 3 and beta = 1.
  bn.scale().value[0] = 3.0f;
  bn.shift().value[0] = 1.0f;
  const Tensor& e = bn.forward(Tensor(Shape{1, 1}, {1.2f}), false);
  EXPECT_NEAR(e[0], 3.0 * 1.0 / std::sqrt(1.1 + 1e-5) + 1.0, 1e-6);
}

TEST(BatchNormTest, TrainingGradientsMatchFiniteDifferences) {
  BatchNorm bn(4);
  const Tensor gamma = testing::random_tensor(Shape{4}, 0.5f, 1.5f, 21);
  const Tensor beta = testing::random_tensor(Shape{4}, -1, 1, 22);
  std::ranges::copy(gamma.values(), bn.scale().value);
  std::ranges::copy(beta.values(), bn.shift().value);
  testing::expect_layer_gradients(bn, testing::random_tensor(Shape{6, 4}, -2, 2, 23), true);
}

TEST(BatchNormTest, EvaluationGradientsMatchFiniteDifferences) {
  BatchNorm bn(3);
  bn.forward(testing::random_tensor(Shape{5, 3}, -2, 3, 24), true);  // non-trivial running stats
  bn.scale().value[1] = 0.7f;
  testing::expect_layer_gradients(bn, testing::random_tensor(Shape{4, 3}, -2, 2, 25), false);
}

// The fixture: "case NAME N FEATURES EPS MOMENTUM" and then "key values..." lines.
struct ReferenceCase {
  std::string name;
  std::size_t n = 0, features = 0;
  float eps = 0.0f, momentum = 0.0f;
  std::map<std::string, std::vector<float>> values;
};

std::vector<ReferenceCase> load_reference() {
  const std::string path = std::string(AXON_TEST_DIR) + "/fixtures/batch_norm.txt";
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot open " + path);
  std::vector<ReferenceCase> cases;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream in(line);
    std::string key;
    in >> key;
    if (key == "case") {
      ReferenceCase c;
      in >> c.name >> c.n >> c.features >> c.eps >> c.momentum;
      cases.push_back(c);
      continue;
    }
    if (cases.empty()) throw std::runtime_error("values before a case in " + path);
    std::vector<float>& values = cases.back().values[key];
    for (std::string token; in >> token;) values.push_back(std::stof(token));
  }
  return cases;
}

void expect_close(std::span<const float> actual, const std::vector<float>& expected,
                  const std::string& what) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  float scale = 0.0f;
  for (const float v : expected) scale = std::max(scale, std::abs(v));
  for (std::size_t i = 0; i < expected.size(); ++i)
    EXPECT_NEAR(actual[i], expected[i], 2e-6 * scale) << what << " [" << i << "]";
}

TEST(BatchNormTest, MatchesPyTorchBatchNorm1d) {
  const std::vector<ReferenceCase> cases = load_reference();
  ASSERT_EQ(cases.size(), 2u);
  for (const ReferenceCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto tensor = [&](const std::string& key) {
      return Tensor(Shape{c.n, c.features}, c.values.at(key));
    };
    BatchNorm bn(c.features, {.eps = c.eps, .momentum = c.momentum});
    std::ranges::copy(c.values.at("weight"), bn.scale().value);
    std::ranges::copy(c.values.at("bias"), bn.shift().value);

    bn.zero_grad();
    expect_close(bn.forward(tensor("x1"), true).values(), c.values.at("y1"), "y1");
    expect_close(bn.backward(tensor("g1")).values(), c.values.at("dx1"), "dx1");
    expect_close(bn.scale().grads(), c.values.at("dweight1"), "dweight1");
    expect_close(bn.shift().grads(), c.values.at("dbias1"), "dbias1");
    expect_close(bn.running_mean().values(), c.values.at("running_mean1"), "running_mean1");
    expect_close(bn.running_var().values(), c.values.at("running_var1"), "running_var1");

    expect_close(bn.forward(tensor("x2"), true).values(), c.values.at("y2"), "y2");
    expect_close(bn.running_mean().values(), c.values.at("running_mean2"), "running_mean2");
    expect_close(bn.running_var().values(), c.values.at("running_var2"), "running_var2");

    bn.zero_grad();
    expect_close(bn.forward(tensor("x3"), false).values(), c.values.at("y3"), "y3");
    expect_close(bn.backward(tensor("g3")).values(), c.values.at("dx3"), "dx3");
    expect_close(bn.scale().grads(), c.values.at("dweight3"), "dweight3");
    expect_close(bn.shift().grads(), c.values.at("dbias3"), "dbias3");
  }
}

TEST(BatchNormTest, ParametersAreScaleAndShiftAndRunningStatsAreBuffers) {
  Sequential model(BatchNorm(3));
  model.build(3);
  auto named = model.named_parameters();
  ASSERT_EQ(named.size(), 2u);
  EXPECT_EQ(named[0].first, "batch_norm_1.weight");
  EXPECT_EQ(named[0].second->kind, ParameterKind::kScale);
  EXPECT_EQ(named[1].first, "batch_norm_1.bias");
  EXPECT_EQ(named[1].second->kind, ParameterKind::kShift);
  auto& bn = model.layer<BatchNorm>(0);
  EXPECT_EQ(bn.scale().values()[0], 1.0f);
  EXPECT_EQ(bn.shift().values()[0], 0.0f);
  const std::vector<Tensor*> buffers = bn.buffers();
  ASSERT_EQ(buffers.size(), 2u);
  EXPECT_EQ(buffers[0], &bn.running_mean());
  EXPECT_EQ(buffers[1], &bn.running_var());
  EXPECT_EQ(buffers[1]->to_vector(), std::vector<float>(3, 1.0f));
  // Loading a buffer (as a model file does) changes what evaluation uses.
  *buffers[0] = Tensor(Shape{3}, {1.0f, 2.0f, 3.0f});
  const Tensor& y = model.forward(Tensor(Shape{1, 3}, {1.0f, 2.0f, 3.0f}), false);
  for (const float v : y.values()) EXPECT_FLOAT_EQ(v, 0.0f);
}

TEST(BatchNormTest, ErrorsQuoteTheBadValue) {
  EXPECT_THAT([] { BatchNorm(0); }, ThrowsMessage<Error>(HasSubstr("features must be > 0, got 0")));
  EXPECT_THAT([] { BatchNorm(2, {.eps = 0.0f}); },
              ThrowsMessage<Error>(HasSubstr("eps must be > 0, got 0")));
  EXPECT_THAT([] { BatchNorm(2, {.momentum = 1.5f}); },
              ThrowsMessage<Error>(HasSubstr("momentum must be in [0, 1], got 1.5")));
  BatchNorm bn(2);
  EXPECT_THAT(
      [&] {
        bn.forward(Tensor(Shape{1, 2}), true);
      },
      ThrowsMessage<Error>(HasSubstr("more than one sample per batch, got 1")));
  EXPECT_THAT(
      [&] {
        bn.forward(Tensor(Shape{4, 3}), true);
      },
      ThrowsMessage<Error>(HasSubstr("has 3 features, expected 2")));
  EXPECT_NO_THROW(bn.forward(Tensor(Shape{1, 2}), false));
}

}  // namespace
}  // namespace axon
