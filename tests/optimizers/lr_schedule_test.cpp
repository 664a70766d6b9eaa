// LrSchedule: the rate per epoch of every schedule against torch.optim.lr_scheduler (PyTorch 1.13),
// the text form, and option errors.
//
// The expected rates were printed by PyTorch with SGD(lr=0.1) and, after each epoch,
// scheduler.step() (scheduler.step(loss) for plateau), recording param_groups[0]["lr"] before it:
//   StepLR(step_size=3, gamma=0.5)                 ExponentialLR(gamma=float32(0.9))
//   CosineAnnealingLR(T_max=4, eta_min=float32(0.01))
//   ReduceLROnPlateau(factor=0.5, patience=2, threshold=float32(0.01), min_lr=float32(0.02),
//                     cooldown=1) on kPlateauLosses
//   SequentialLR([LinearLR(start_factor=1/3, end_factor=1, total_iters=2), X], milestones=[3])
//     with X = CosineAnnealingLR(T_max=5) and X = ExponentialLR(gamma=0.5)
// axon's base rate is float(0.1), 1.5e-8 relative from PyTorch's double 0.1, so rates are
// compared to 1e-6 relative: any wrong exponent or phase moves them by far more.
#include "axon/optimizers/lr_schedule.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "axon/tensor/error.hpp"

namespace axon {
namespace {

using ::testing::HasSubstr;

std::vector<double> rates(LrSchedule schedule, std::size_t epochs,
                          const std::vector<double>& losses = {}) {
  schedule.start(0.1f);
  std::vector<double> out;
  for (std::size_t e = 0; e < epochs; ++e) {
    out.push_back(schedule.learning_rate());
    schedule.end_epoch(losses.empty() ? 0.0 : losses[e]);
  }
  return out;
}

void expect_rates(const std::vector<double>& actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t e = 0; e < expected.size(); ++e)
    EXPECT_NEAR(actual[e], expected[e], 1e-6 * std::max(expected[e], 1e-3)) << "epoch " << e;
}

TEST(LrScheduleTest, ConstantKeepsTheBaseRate) {
  expect_rates(rates(LrSchedule::constant(), 3), {0.1, 0.1, 0.1});
  EXPECT_TRUE(LrSchedule::constant().is_constant());
  EXPECT_FALSE(LrSchedule::constant().with_warmup(2).is_constant());
}

TEST(LrScheduleTest, StepMatchesPyTorch) {
  expect_rates(rates(LrSchedule::step({.step_size = 3, .gamma = 0.5f}), 10),
               {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125});
}

TEST(LrScheduleTest, ExponentialMatchesPyTorch) {
  expect_rates(rates(LrSchedule::exponential(0.9f), 10),
               {0.1, 0.08999999761581422, 0.08099999570846564, 0.07289999420642869,
                0.06560999304771452, 0.059048992178678934, 0.05314409155297336,
                0.047829681130622144, 0.04304671187721147, 0.038742039663176735});
}

TEST(LrScheduleTest, CosineMatchesPyTorchPastTMax) {
  expect_rates(
      rates(LrSchedule::cosine({.t_max = 4, .eta_min = 0.01f}), 12),
      {0.1, 0.08681980512066127, 0.054999999888241294, 0.023180194655821315, 0.009999999776482582,
       0.023180194655821308, 0.054999999888241294, 0.08681980512066129, 0.10000000000000002,
       0.0868198051206613, 0.054999999888241315, 0.023180194655821353});
}

TEST(LrScheduleTest, PlateauMatchesPyTorch) {
  const std::vector<double> losses = {1.0,  0.9,  0.895, 0.899, 0.95, 0.7,  0.71,
                                      0.72, 0.73, 0.74,  0.75,  0.76, 0.77, 0.78};
  const LrSchedule schedule = LrSchedule::plateau(
      {.factor = 0.5f, .patience = 2, .threshold = 0.01f, .cooldown = 1, .min_lr = 0.02f});
  expect_rates(rates(schedule, 14, losses), {0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025,
                                             0.025, 0.025, 0.025, 0.019999999552965164});
}

TEST(LrScheduleTest, WarmupThenCosineMatchesPyTorchSequentialLr) {
  expect_rates(
      rates(LrSchedule::cosine({.t_max = 5}).with_warmup(3), 10),
      {0.03333333333333333, 0.06666666666666667, 0.1, 0.1, 0.09045084971874738, 0.06545084971874737,
       0.03454915028125263, 0.009549150281252633, 0.0, 0.009549150281252628});
}

TEST(LrScheduleTest, WarmupThenExponentialMatchesPyTorchSequentialLr) {
  expect_rates(rates(LrSchedule::exponential(0.5f).with_warmup(3), 7),
               {0.03333333333333333, 0.06666666666666667, 0.1, 0.1, 0.05, 0.025, 0.0125});
}

TEST(LrScheduleTest, PlateauIgnoresLossesDuringWarmup) {
  // Rising losses during the two warm-up epochs would reduce the rate at once with patience 0.
  const LrSchedule schedule = LrSchedule::plateau({.factor = 0.5f, .patience = 0}).with_warmup(2);
  expect_rates(rates(schedule, 5, {5, 6, 1, 2, 3}), {0.05, 0.1, 0.1, 0.1, 0.05});
}

TEST(LrScheduleTest, StartForgetsPlateauState) {
  LrSchedule schedule = LrSchedule::plateau({.factor = 0.5f, .patience = 0});
  schedule.start(0.1f);
  schedule.end_epoch(1.0);
  schedule.end_epoch(2.0);
  EXPECT_NEAR(schedule.learning_rate(), 0.05, 1e-9);
  EXPECT_EQ(schedule.epoch(), 2u);
  schedule.start(0.2f);
  EXPECT_NEAR(schedule.learning_rate(), 0.2, 1e-7);
  EXPECT_EQ(schedule.epoch(), 0u);
}

TEST(LrScheduleTest, ParseReadsEveryFormAndToStringRoundTrips) {
  for (const char* text : {"constant", "step:3:0.5", "exponential:0.9", "cosine:50:0.001",
                           "plateau:0.5:3:0.01:0.0001:2", "cosine:10:0+warmup:5"}) {
    const LrSchedule s = LrSchedule::parse(text);
    EXPECT_EQ(LrSchedule::parse(s.to_string()).to_string(), s.to_string()) << text;
  }
  const LrSchedule step = LrSchedule::parse("step:7");
  EXPECT_EQ(step.kind(), LrSchedule::Kind::kStep);
  EXPECT_EQ(step.step_options().step_size, 7u);
  EXPECT_FLOAT_EQ(step.step_options().gamma, 0.1f);
  const LrSchedule plateau = LrSchedule::parse("plateau:0.2:4");
  EXPECT_FLOAT_EQ(plateau.plateau_options().factor, 0.2f);
  EXPECT_EQ(plateau.plateau_options().patience, 4u);
  const LrSchedule warm = LrSchedule::parse("exponential:0.95+warmup:3");
  EXPECT_EQ(warm.kind(), LrSchedule::Kind::kExponential);
  EXPECT_FLOAT_EQ(warm.gamma(), 0.95f);
  EXPECT_EQ(warm.warmup_epochs(), 3u);
  EXPECT_TRUE(LrSchedule::parse("none").is_constant());
}

TEST(LrScheduleTest, ParseErrorsNameTheText) {
  EXPECT_THAT([] { LrSchedule::parse("linear"); },
              ThrowsMessage<Error>(HasSubstr("unknown learning-rate schedule 'linear'")));
  EXPECT_THAT([] { LrSchedule::parse("step"); }, ThrowsMessage<Error>(HasSubstr("got 0")));
  EXPECT_THAT([] { LrSchedule::parse("step:x"); },
              ThrowsMessage<Error>(HasSubstr("'x' is not a whole number")));
  EXPECT_THAT([] { LrSchedule::parse("exponential:fast"); },
              ThrowsMessage<Error>(HasSubstr("'fast' is not a number")));
  EXPECT_THAT([] { LrSchedule::parse("cosine:5+warm:2"); },
              ThrowsMessage<Error>(HasSubstr("+warmup:EPOCHS")));
}

TEST(LrScheduleTest, OptionErrorsQuoteTheValue) {
  EXPECT_THAT([] { LrSchedule::step({.step_size = 0}); },
              ThrowsMessage<Error>(HasSubstr("step_size must be > 0, got 0")));
  EXPECT_THAT([] { LrSchedule::step({.step_size = 2, .gamma = -0.5f}); },
              ThrowsMessage<Error>(HasSubstr("gamma must be in (0, 1], got -0.5")));
  EXPECT_THAT([] { LrSchedule::step({.step_size = 2, .gamma = 2.0f}); },
              ThrowsMessage<Error>(HasSubstr("gamma must be in (0, 1], got 2")));
  EXPECT_THAT([] { LrSchedule::exponential(0.0f); },
              ThrowsMessage<Error>(HasSubstr("gamma must be in (0, 1], got 0")));
  EXPECT_THAT([] { LrSchedule::parse("exponential:1e30"); },
              ThrowsMessage<Error>(HasSubstr("gamma must be in (0, 1], got 1e+30")));
  EXPECT_THAT([] { LrSchedule::cosine({.t_max = 0}); },
              ThrowsMessage<Error>(HasSubstr("t_max must be > 0, got 0")));
  EXPECT_THAT([] { LrSchedule::cosine({.t_max = 3, .eta_min = -1.0f}); },
              ThrowsMessage<Error>(HasSubstr("eta_min must be >= 0, got -1")));
  EXPECT_THAT([] { LrSchedule::plateau({.factor = 1.5f}); },
              ThrowsMessage<Error>(HasSubstr("factor must be in (0, 1), got 1.5")));
  EXPECT_THAT([] { LrSchedule::constant().start(-0.1f); },
              ThrowsMessage<Error>(HasSubstr("learning_rate must be > 0, got -0.1")));
}

}  // namespace
}  // namespace axon
