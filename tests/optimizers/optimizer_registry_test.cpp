// OptimizerRegistry: every optimizer describes its settings and is made again from them; unknown
// names and settings are refused naming them.
#include "axon/optimizers/optimizer_registry.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "axon/optimizers/rmsprop.hpp"
#include "support/error_text.hpp"

namespace axon {
namespace {

using ::testing::HasSubstr;

TEST(OptimizerRegistry, EveryOptimizerIsMadeAgainFromItsSettings) {
  const OptimizerRegistry& registry = OptimizerRegistry::global();
  EXPECT_EQ(registry.names(), (std::vector<std::string>{"sgd", "momentum", "nesterov", "rmsprop",
                                                        "adam", "adamw", "adagrad", "adadelta"}));
  for (const std::string& name : registry.names()) {
    SCOPED_TRACE(name);
    const std::unique_ptr<Optimizer> first = registry.make(name, 0.03f);
    const HyperParameters settings = first->hyper_parameters();
    EXPECT_FALSE(settings.empty());
    const std::unique_ptr<Optimizer> again = registry.make(first->name(), 0.03f, settings);
    EXPECT_EQ(again->name(), first->name());
    EXPECT_EQ(again->hyper_parameters(), settings);
    EXPECT_EQ(again->learning_rate(), 0.03f);
  }
}

TEST(OptimizerRegistry, PresetsAndSettingsApply) {
  const OptimizerRegistry& registry = OptimizerRegistry::global();
  const HyperParameters nesterov = registry.make("nesterov", 0.1f)->hyper_parameters();
  EXPECT_THAT(nesterov, ::testing::Contains(std::pair<std::string, double>("nesterov", 1.0)));
  EXPECT_THAT(nesterov, ::testing::Contains(std::pair<std::string, double>("momentum", 0.9f)));
  const HyperParameters adam =
      registry.make("adam", 0.1f, {{"beta2", 0.95}, {"amsgrad", 1.0}})->hyper_parameters();
  EXPECT_THAT(adam, ::testing::Contains(std::pair<std::string, double>("beta2", 0.95)));
  EXPECT_THAT(adam, ::testing::Contains(std::pair<std::string, double>("amsgrad", 1.0)));
}

TEST(OptimizerRegistry, RefusesUnknownNamesAndSettings) {
  const OptimizerRegistry& registry = OptimizerRegistry::global();
  EXPECT_THAT(test::error_of([&] { registry.make("lion", 0.1f); }),
              HasSubstr("unknown optimizer 'lion'; choose one of: sgd, momentum, nesterov"));
  EXPECT_THAT(test::error_of([&] {
                registry.make("adam", 0.1f, {{"rho", 0.9}});
              }),
              HasSubstr("adam has no setting 'rho'"));
  EXPECT_THAT(test::error_of([&] {
                registry.make("adam", 0.1f, {{"beta1", 1.0}});
              }),
              HasSubstr("beta1 must be in [0, 1), got 1"));
}

TEST(Rmsprop, OneMinusAlphaIsTakenFromTheUsersValueAsPyTorchDoes) {
  // PyTorch 1.13 computes 1 - alpha on the Python float 0.99 and rounds the result to float32:
  // float(1 - 0.99) = 0.01f. Rounding alpha to float first gives float(1 - 0.99f) = 0.0100000501.
  ParameterStore store;
  Parameter w{"weight", Shape{1}, ParameterKind::kWeight};
  store.bind({&w});
  store.values()[0] = 0.0f;
  store.grads()[0] = 1.0f;
  Rmsprop rmsprop(RmspropOptions{.learning_rate = 0.01f, .alpha = 0.99});
  rmsprop.step(store);
  EXPECT_EQ((*rmsprop.state()[0])[0], 0.01f);  // v = 0.99 * 0 + 0.01 * 1^2
}

}  // namespace
}  // namespace axon
