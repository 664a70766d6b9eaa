// Optimizers: make_optimizer, hyper-parameter checks, which parameters weight decay reaches, and
// state that is sized once and then reused. Update rules against PyTorch: reference_test.cpp.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "axon/optimizers/adadelta.hpp"
#include "axon/optimizers/adagrad.hpp"
#include "axon/optimizers/adam.hpp"
#include "axon/optimizers/adamw.hpp"
#include "axon/optimizers/rmsprop.hpp"
#include "axon/optimizers/sgd.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/parameter_store.hpp"

namespace axon {
namespace {

using ::testing::HasSubstr;

const std::vector<std::string> kNames = {"sgd",  "momentum", "nesterov", "rmsprop",
                                         "adam", "adamw",    "adagrad",  "adadelta"};

/// A weight (2, 3), a bias (2) and a batch-norm scale (2) in one store, with values and
/// gradients that differ from element to element.
struct Model {
  Parameter weight{.name = "weight", .shape = Shape{2, 3}};
  Parameter bias{.name = "bias", .shape = Shape{2}, .kind = ParameterKind::kBias};
  Parameter scale{.name = "scale", .shape = Shape{2}, .kind = ParameterKind::kScale};
  ParameterStore store;

  Model() {
    store.bind({&weight, &bias, &scale});
    for (std::size_t i = 0; i < store.size(); ++i) {
      store.values()[i] = 0.5f + 0.25f * static_cast<float>(i);
      store.grads()[i] = 0.1f * static_cast<float>(i % 3) - 0.15f;
    }
  }
};

void expect_error(const std::function<void()>& make, const std::string& message) {
  try {
    make();
    ADD_FAILURE() << "no error, expected: " << message;
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr(message));
  }
}

TEST(MakeOptimizer, BuildsEveryName) {
  for (const std::string& name : kNames) {
    SCOPED_TRACE(name);
    std::unique_ptr<Optimizer> optimizer = make_optimizer(name, 0.05f);
    ASSERT_NE(optimizer, nullptr);
    EXPECT_FLOAT_EQ(optimizer->learning_rate(), 0.05f);
    EXPECT_EQ(optimizer->steps(), 0u);
  }
  EXPECT_EQ(make_optimizer("adam", 0.1f)->name(), "adam");
  EXPECT_EQ(make_optimizer("adamw", 0.1f)->name(), "adamw");
  EXPECT_EQ(make_optimizer("rmsprop", 0.1f)->name(), "rmsprop");
  EXPECT_EQ(make_optimizer("adagrad", 0.1f)->name(), "adagrad");
  EXPECT_EQ(make_optimizer("adadelta", 0.1f)->name(), "adadelta");
}

TEST(MakeOptimizer, MomentumPresets) {
  auto sgd = make_optimizer("sgd", 0.1f);
  auto momentum = make_optimizer("momentum", 0.1f);
  auto nesterov = make_optimizer("nesterov", 0.1f);
  EXPECT_EQ(dynamic_cast<Sgd&>(*sgd).options().momentum, 0.0f);
  EXPECT_EQ(dynamic_cast<Sgd&>(*momentum).options().momentum, 0.9f);
  EXPECT_FALSE(dynamic_cast<Sgd&>(*momentum).options().nesterov);
  EXPECT_EQ(dynamic_cast<Sgd&>(*nesterov).options().momentum, 0.9f);
  EXPECT_TRUE(dynamic_cast<Sgd&>(*nesterov).options().nesterov);
  EXPECT_EQ(dynamic_cast<AdamW&>(*make_optimizer("adamw", 0.1f)).options().weight_decay, 0.01f);
}

TEST(MakeOptimizer, UnknownNameListsTheChoices) {
  expect_error([] { make_optimizer("adamax", 0.1f); },
               "unknown optimizer 'adamax'; choose one of: sgd, momentum, nesterov, rmsprop, "
               "adam, adamw, adagrad, adadelta");
  expect_error([] { make_optimizer("adam", -1.0f); }, "learning_rate must be > 0, got -1");
}

TEST(OptimizerOptions, InvalidValuesNameTheParameterAndValue) {
  expect_error([] { Sgd(SgdOptions{.learning_rate = -0.1f}); },
               "learning_rate must be > 0, got -0.1");
  expect_error([] { Sgd(SgdOptions{.learning_rate = 0.0f}); }, "learning_rate must be > 0, got 0");
  expect_error([] { Sgd(SgdOptions{.momentum = -0.5f}); }, "momentum must be >= 0, got -0.5");
  expect_error([] { Sgd(SgdOptions{.momentum = 0.9f, .dampening = 1.5f}); },
               "dampening must be in [0, 1], got 1.5");
  expect_error([] { Sgd(SgdOptions{.weight_decay = -1.0f}); }, "weight_decay must be >= 0, got -1");
  expect_error([] { Sgd(SgdOptions{.nesterov = true}); },
               "nesterov needs momentum > 0 and dampening 0, got momentum 0 and dampening 0");
  expect_error([] { Sgd(SgdOptions{.momentum = 0.9f, .dampening = 0.1f, .nesterov = true}); },
               "nesterov needs momentum > 0 and dampening 0, got momentum 0.9 and dampening 0.1");

  expect_error([] { Rmsprop(RmspropOptions{.alpha = 1.0f}); }, "alpha must be in [0, 1), got 1");
  expect_error([] { Rmsprop(RmspropOptions{.eps = 0.0f}); }, "eps must be > 0, got 0");
  expect_error([] { Rmsprop(RmspropOptions{.momentum = -0.1f}); },
               "momentum must be >= 0, got -0.1");
  expect_error([] { Rmsprop(RmspropOptions{.weight_decay = -0.1f}); },
               "weight_decay must be >= 0, got -0.1");

  expect_error([] { Adam(AdamOptions{.beta1 = 1.0f}); }, "beta1 must be in [0, 1), got 1");
  expect_error([] { Adam(AdamOptions{.beta2 = -0.1f}); }, "beta2 must be in [0, 1), got -0.1");
  expect_error([] { Adam(AdamOptions{.eps = -1e-8f}); }, "eps must be > 0, got -1e-08");
  expect_error([] { Adam(AdamOptions{.learning_rate = -0.001f}); },
               "learning_rate must be > 0, got -0.001");
  expect_error([] { AdamW(AdamWOptions{.beta2 = 1.5f}); }, "beta2 must be in [0, 1), got 1.5");
  expect_error([] { AdamW(AdamWOptions{.weight_decay = -0.01f}); },
               "weight_decay must be >= 0, got -0.01");

  expect_error([] { Adagrad(AdagradOptions{.lr_decay = -1.0f}); }, "lr_decay must be >= 0, got -1");
  expect_error([] { Adagrad(AdagradOptions{.initial_accumulator_value = -0.1f}); },
               "initial_accumulator_value must be >= 0, got -0.1");
  expect_error([] { Adagrad(AdagradOptions{.eps = 0.0f}); }, "eps must be > 0, got 0");

  expect_error([] { Adadelta(AdadeltaOptions{.rho = 1.0f}); }, "rho must be in [0, 1), got 1");
  expect_error([] { Adadelta(AdadeltaOptions{.eps = -1.0f}); }, "eps must be > 0, got -1");
  expect_error([] { Adadelta(AdadeltaOptions{.learning_rate = 0.0f}); },
               "learning_rate must be > 0, got 0");
}

TEST(OptimizerOptions, NonFiniteValuesAreRejected) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_THROW(Sgd(SgdOptions{.learning_rate = nan}), Error);
  EXPECT_THROW(Sgd(SgdOptions{.momentum = inf}), Error);
  EXPECT_THROW(Adam(AdamOptions{.beta1 = nan}), Error);
  EXPECT_THROW(Adam(AdamOptions{.eps = inf}), Error);
  Sgd sgd;
  EXPECT_THROW(sgd.set_learning_rate(nan), Error);
}

TEST(Sgd, FirstMomentumStepUsesTheWholeGradient) {
  // PyTorch starts the buffer at g, not (1 - dampening) g: b1 = g, b2 = mu b1 + (1 - d) g.
  Model model;
  const float p0 = model.store.values()[0];
  const float g = model.store.grads()[0];
  Sgd sgd(SgdOptions{.learning_rate = 0.1f, .momentum = 0.9f, .dampening = 0.5f});
  sgd.step(model.store);
  EXPECT_FLOAT_EQ(model.store.values()[0], p0 - 0.1f * g);
  sgd.step(model.store);
  EXPECT_FLOAT_EQ(model.store.values()[0], p0 - 0.1f * g - 0.1f * (0.9f * g + 0.5f * g));
  EXPECT_FLOAT_EQ((*sgd.state()[0])[0], 0.9f * g + 0.5f * g);
}

TEST(Sgd, LearningRateChangesTakeEffect) {
  Model model;
  const float p0 = model.store.values()[1];
  const float g = model.store.grads()[1];
  Sgd sgd(SgdOptions{.learning_rate = 0.1f});
  sgd.set_learning_rate(0.5f);
  sgd.step(model.store);
  EXPECT_FLOAT_EQ(model.store.values()[1], p0 - 0.5f * g);
  EXPECT_EQ(sgd.steps(), 1u);
}

/// Every optimizer with weight decay 0.1, built for `decay_bias`.
std::vector<std::unique_ptr<Optimizer>> decaying_optimizers(bool decay_bias) {
  std::vector<std::unique_ptr<Optimizer>> list;
  const float wd = 0.1f;
  list.push_back(std::make_unique<Sgd>(
      SgdOptions{.learning_rate = 0.1f, .weight_decay = wd, .decay_bias = decay_bias}));
  list.push_back(std::make_unique<Sgd>(SgdOptions{
      .learning_rate = 0.1f, .momentum = 0.9f, .weight_decay = wd, .decay_bias = decay_bias}));
  list.push_back(std::make_unique<Rmsprop>(RmspropOptions{
      .momentum = 0.5f, .centered = true, .weight_decay = wd, .decay_bias = decay_bias}));
  list.push_back(std::make_unique<Adam>(AdamOptions{.weight_decay = wd, .decay_bias = decay_bias}));
  list.push_back(std::make_unique<AdamW>(
      AdamWOptions{.learning_rate = 0.1f, .weight_decay = wd, .decay_bias = decay_bias}));
  list.push_back(
      std::make_unique<Adagrad>(AdagradOptions{.weight_decay = wd, .decay_bias = decay_bias}));
  list.push_back(
      std::make_unique<Adadelta>(AdadeltaOptions{.weight_decay = wd, .decay_bias = decay_bias}));
  return list;
}

TEST(WeightDecay, DecayBiasOffExcludesBiasesAndScales) {
  // With zero gradients only weight decay moves anything: weights shrink, biases and scales stay.
  for (auto& optimizer : decaying_optimizers(false)) {
    SCOPED_TRACE(optimizer->name());
    Model model;
    model.store.zero_grad();
    const std::vector<float> before(model.store.values().begin(), model.store.values().end());
    optimizer->step(model.store);
    for (std::size_t i = 0; i < 6; ++i) {
      EXPECT_LT(std::abs(model.weight.value[i]), std::abs(before[i])) << "weight " << i;
    }
    for (std::size_t i = 0; i < 2; ++i) {
      EXPECT_EQ(model.bias.value[i], before[6 + i]) << "bias " << i;
      EXPECT_EQ(model.scale.value[i], before[8 + i]) << "scale " << i;
    }
  }
}

TEST(WeightDecay, DecayBiasIncludesEveryParameter) {
  for (auto& optimizer : decaying_optimizers(true)) {
    SCOPED_TRACE(optimizer->name());
    Model model;
    model.store.zero_grad();
    const std::vector<float> before(model.store.values().begin(), model.store.values().end());
    optimizer->step(model.store);
    for (std::size_t i = 0; i < model.store.size(); ++i) {
      EXPECT_LT(std::abs(model.store.values()[i]), std::abs(before[i])) << "element " << i;
    }
  }
}

TEST(WeightDecay, SgdShrinksEveryParameterByLearningRateTimesDecay) {
  // g = lambda p, so p' = p - lr lambda p for weights and biases alike (PyTorch's rule).
  Model model;
  model.store.zero_grad();
  const float w0 = model.weight.value[0];
  const float b0 = model.bias.value[0];
  Sgd sgd(SgdOptions{.learning_rate = 0.1f, .weight_decay = 0.5f});
  sgd.step(model.store);
  EXPECT_FLOAT_EQ(model.weight.value[0], w0 - 0.1f * (0.5f * w0));
  EXPECT_FLOAT_EQ(model.bias.value[0], b0 - 0.1f * (0.5f * b0));
}

/// make_optimizer's presets plus the options that add state tensors.
std::vector<std::unique_ptr<Optimizer>> every_optimizer() {
  std::vector<std::unique_ptr<Optimizer>> list;
  for (const std::string& name : kNames) list.push_back(make_optimizer(name, 0.01f));
  list.push_back(std::make_unique<Rmsprop>(RmspropOptions{.momentum = 0.9f, .centered = true}));
  list.push_back(std::make_unique<Adam>(AdamOptions{.amsgrad = true}));
  list.push_back(std::make_unique<AdamW>(AdamWOptions{.amsgrad = true}));
  return list;
}

TEST(OptimizerState, SizedOnceAndNeverReallocated) {
  for (auto& optimizer : every_optimizer()) {
    SCOPED_TRACE(optimizer->name());
    Model model;
    optimizer->step(model.store);
    std::vector<const float*> pointers;
    for (Tensor* t : optimizer->state()) {
      ASSERT_EQ(t->size(), model.store.size());
      pointers.push_back(t->data());
    }
    for (int s = 0; s < 5; ++s) optimizer->step(model.store);
    const std::vector<Tensor*> state = optimizer->state();
    ASSERT_EQ(state.size(), pointers.size());
    for (std::size_t k = 0; k < state.size(); ++k) {
      EXPECT_EQ(state[k]->data(), pointers[k]) << "state " << k;
      EXPECT_EQ(state[k]->size(), model.store.size()) << "state " << k;
    }
    EXPECT_EQ(optimizer->steps(), 6u);
  }
}

TEST(OptimizerState, StateTensorCounts) {
  EXPECT_EQ(make_optimizer("sgd", 0.1f)->state().size(), 0u);
  EXPECT_EQ(make_optimizer("momentum", 0.1f)->state().size(), 1u);
  EXPECT_EQ(make_optimizer("rmsprop", 0.1f)->state().size(), 1u);
  EXPECT_EQ(Rmsprop(RmspropOptions{.momentum = 0.9f, .centered = true}).state().size(), 3u);
  EXPECT_EQ(make_optimizer("adam", 0.1f)->state().size(), 2u);
  EXPECT_EQ(Adam(AdamOptions{.amsgrad = true}).state().size(), 3u);
  EXPECT_EQ(make_optimizer("adagrad", 0.1f)->state().size(), 1u);
  EXPECT_EQ(make_optimizer("adadelta", 0.1f)->state().size(), 2u);
  for (auto& optimizer : every_optimizer()) {
    for (const Tensor* t : optimizer->state()) {
      EXPECT_EQ(t->size(), 0u) << optimizer->name() << ": state is empty before the first step";
    }
  }
}

TEST(OptimizerState, ResumedStateContinuesTheRun) {
  // Two steps in one optimizer equal one step, a copy of the state into a fresh optimizer, and a
  // second step there.
  Model straight;
  Model resumed;
  Adam first(AdamOptions{.learning_rate = 0.1f, .amsgrad = true});
  first.step(straight.store);
  first.step(straight.store);

  Adam before(AdamOptions{.learning_rate = 0.1f, .amsgrad = true});
  before.step(resumed.store);
  Adam after(AdamOptions{.learning_rate = 0.1f, .amsgrad = true});
  for (std::size_t k = 0; k < before.state().size(); ++k) {
    *after.state()[k] = *before.state()[k];
  }
  after.set_steps(before.steps());
  after.step(resumed.store);
  for (std::size_t i = 0; i < straight.store.size(); ++i) {
    EXPECT_EQ(resumed.store.values()[i], straight.store.values()[i]) << i;
  }
}

TEST(OptimizerState, StoreOfAnotherSizeIsRejected) {
  Model model;
  Adam adam;
  adam.step(model.store);
  Parameter other{.name = "weight", .shape = Shape{3}};
  ParameterStore small;
  small.bind({&other});
  expect_error([&] { adam.step(small); },
               "optimizer state holds 10 values but the parameter store has 3");
}

}  // namespace
}  // namespace axon
