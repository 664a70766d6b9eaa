// Bad inputs to the losses and to make_loss give errors that name the problem; make_loss builds
// each loss with the right name, kind and decision threshold.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "axon/losses/loss.hpp"
#include "axon/losses/regression_losses.hpp"
#include "axon/tensor/error.hpp"

namespace axon {
namespace {

const std::vector<std::string> kEveryLoss = {"mse",
                                             "half_mse",
                                             "mae",
                                             "huber",
                                             "bce",
                                             "bce_logits",
                                             "categorical_crossentropy",
                                             "sparse_categorical_crossentropy",
                                             "cross_entropy",
                                             "softmax_cross_entropy",
                                             "hinge",
                                             "kl_div"};

/// Runs `f`, expecting an axon::Error whose message contains every one of `parts`.
void expect_error(const std::function<void()>& f, const std::vector<std::string>& parts) {
  try {
    f();
    ADD_FAILURE() << "no error thrown; expected one mentioning '" << parts.front() << "'";
  } catch (const Error& e) {
    const std::string message = e.what();
    for (const std::string& part : parts)
      EXPECT_NE(message.find(part), std::string::npos)
          << "message '" << message << "' lacks '" << part << "'";
  }
}

TEST(LossErrors, MismatchedShapesNameBothShapes) {
  const Tensor a(Shape{2, 3});
  const Tensor y(Shape{3, 2});
  Tensor grad;
  for (const std::string& name : kEveryLoss) {
    SCOPED_TRACE(name);
    std::unique_ptr<Loss> loss = make_loss(name);
    expect_error([&] { loss->forward(a, y); }, {name, "(2, 3)", "(3, 2)"});
    expect_error([&] { loss->backward(a, y, grad); }, {name, "(2, 3)", "(3, 2)"});
  }
}

TEST(LossErrors, EmptyBatchesAreRejected) {
  const Tensor a(Shape{0, 3});
  const Tensor y(Shape{0, 3});
  const Tensor indices(Shape{0, 1});
  Tensor grad;
  for (const std::string& name : kEveryLoss) {
    SCOPED_TRACE(name);
    std::unique_ptr<Loss> loss = make_loss(name);
    expect_error([&] { loss->forward(a, y); }, {name, "empty batch", "(0, 3)"});
    expect_error([&] { loss->backward(a, y, grad); }, {name, "empty batch"});
    expect_error([&] { loss->forward(a, indices); }, {"empty batch"});
  }
  expect_error([] { make_loss("mse")->forward(Tensor(), Tensor()); }, {"no batch axis"});
}

TEST(LossErrors, ClassIndicesOutOfRange) {
  const Tensor probabilities(Shape{2, 3}, {0.2f, 0.5f, 0.3f, 0.6f, 0.3f, 0.1f});
  Tensor grad;
  for (const char* name :
       {"sparse_categorical_crossentropy", "cross_entropy", "softmax_cross_entropy"}) {
    SCOPED_TRACE(name);
    std::unique_ptr<Loss> loss = make_loss(name);
    expect_error(
        [&] {
          loss->forward(probabilities, Tensor(Shape{2, 1}, {0.0f, 3.0f}));
        },
        {"target 3 in row 1 is not a class index in [0, 3)"});
    expect_error(
        [&] {
          loss->backward(probabilities, Tensor(Shape{2}, {-1.0f, 0.0f}), grad);
        },
        {"target -1 in row 0", "[0, 3)"});
    expect_error(
        [&] {
          loss->forward(probabilities, Tensor(Shape{2}, {1.5f, 0.0f}));
        },
        {"target 1.5 in row 0"});
  }
  expect_error(
      [&] {
        make_loss("sparse_categorical_crossentropy")
            ->softmax_backward(probabilities, Tensor(Shape{2}, {0.0f, 7.0f}), grad);
      },
      {"target 7 in row 1"});
}

TEST(LossErrors, IndexTargetsMustBeOnePerRow) {
  const Tensor probabilities(Shape{2, 3}, {0.2f, 0.5f, 0.3f, 0.6f, 0.3f, 0.1f});
  expect_error(
      [&] {
        make_loss("sparse_categorical_crossentropy")
            ->forward(probabilities, Tensor(Shape{2, 3}, {0, 1, 0, 1, 0, 0}));
      },
      {"shaped (N) or (N, 1)", "(2, 3)"});
  expect_error(
      [&] {
        make_loss("sparse_categorical_crossentropy")
            ->forward(probabilities, Tensor(Shape{3, 1}, {0, 1, 2}));
      },
      {"(2, 3)", "(3, 1)"});
}

TEST(LossErrors, ValuesOutsideTheLossDomain) {
  expect_error(
      [] {
        make_loss("bce")->forward(Tensor(Shape{2}, {0.5f, 1.5f}), Tensor(Shape{2}));
      },
      {"bce", "prediction 1.5 at index 1 is not a probability"});
  expect_error(
      [] {
        make_loss("hinge")->forward(Tensor(Shape{2}, {0.5f, 1.5f}), Tensor(Shape{2}, {1, 0.5f}));
      },
      {"hinge", "target 0.5 at index 1"});
}

TEST(LossErrors, BadHuberDelta) {
  expect_error([] { Huber(0.0f); }, {"delta must be > 0, got 0"});
  expect_error([] { make_loss("huber:-2"); }, {"delta must be > 0, got -2"});
  expect_error([] { make_loss("huber:abc"); }, {"huber:1.5", "'abc'"});
  expect_error([] { make_loss("huber:"); }, {"must be a number"});
}

TEST(LossErrors, UnknownNameListsTheChoices) {
  expect_error([] { make_loss("crossentropy"); },
               {"unknown loss 'crossentropy'", "mse", "sparse_categorical_crossentropy",
                "softmax_cross_entropy", "kl_div"});
}

TEST(LossFactory, BuildsEachLossWithItsKind) {
  const std::vector<std::string> classification = {"bce",
                                                   "bce_logits",
                                                   "categorical_crossentropy",
                                                   "sparse_categorical_crossentropy",
                                                   "cross_entropy",
                                                   "softmax_cross_entropy",
                                                   "hinge"};
  for (const std::string& name : kEveryLoss) {
    SCOPED_TRACE(name);
    for (Reduction reduction : {Reduction::kMean, Reduction::kSum}) {
      std::unique_ptr<Loss> loss = make_loss(name, reduction);
      EXPECT_EQ(loss->name(), name);
      EXPECT_EQ(loss->reduction(), reduction);
      const bool expected =
          std::find(classification.begin(), classification.end(), name) != classification.end();
      EXPECT_EQ(loss->task(), expected ? Task::kClassification : Task::kRegression);
      EXPECT_EQ(loss->is_classification(), expected);
    }
  }
  EXPECT_EQ(make_loss("binary_crossentropy")->name(), "bce");
  EXPECT_FLOAT_EQ(make_loss("bce")->decision_threshold(), 0.5f);
  EXPECT_FLOAT_EQ(make_loss("bce_logits")->decision_threshold(), 0.0f);
  EXPECT_FLOAT_EQ(make_loss("hinge")->decision_threshold(), 0.0f);
  const auto huber = make_loss("huber:2.5");
  EXPECT_FLOAT_EQ(dynamic_cast<Huber&>(*huber).delta(), 2.5f);
  EXPECT_FLOAT_EQ(dynamic_cast<Huber&>(*make_loss("huber")).delta(), 1.0f);
}

}  // namespace
}  // namespace axon
