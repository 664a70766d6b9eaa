// Every loss's value and gradient against PyTorch 1.13, from tests/fixtures/losses_reference.txt
// (written by tests/reference/losses.py).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "axon/losses/loss.hpp"

namespace axon {
namespace {

struct ReferenceCase {
  std::string id;
  std::string loss;
  Reduction reduction = Reduction::kMean;
  Tensor prediction;
  Tensor target;
  double value = 0.0;
  Tensor grad;
};

/// "rank dims... values..." after the key.
Tensor read_tensor(std::istringstream& in) {
  std::size_t rank = 0;
  in >> rank;
  std::size_t d[3] = {0, 0, 0};
  for (std::size_t axis = 0; axis < rank && axis < 3; ++axis) in >> d[axis];
  EXPECT_TRUE(rank >= 1 && rank <= 3) << "unexpected rank " << rank;
  const Shape shape = rank == 1   ? Shape{d[0]}
                      : rank == 2 ? Shape{d[0], d[1]}
                                  : Shape{d[0], d[1], d[2]};
  std::vector<float> values;
  double v = 0.0;
  while (in >> v) values.push_back(static_cast<float>(v));
  return Tensor(shape, values);
}

std::vector<ReferenceCase> load_cases() {
  const std::string path = std::string(AXON_TEST_DIR) + "/fixtures/losses_reference.txt";
  std::ifstream file(path);
  EXPECT_TRUE(file) << "cannot open " << path;
  std::vector<ReferenceCase> cases;
  ReferenceCase current;
  std::string line;
  while (std::getline(file, line)) {
    std::istringstream in(line);
    std::string key;
    in >> key;
    if (key == "case") in >> current.id;
    if (key == "loss") in >> current.loss;
    if (key == "reduction") {
      std::string r;
      in >> r;
      current.reduction = r == "sum" ? Reduction::kSum : Reduction::kMean;
    }
    if (key == "prediction") current.prediction = read_tensor(in);
    if (key == "target") current.target = read_tensor(in);
    if (key == "value") in >> current.value;
    if (key == "grad") current.grad = read_tensor(in);
    if (key == "end") cases.push_back(std::move(current));
  }
  return cases;
}

TEST(LossReference, MatchesPyTorch) {
  const std::vector<ReferenceCase> cases = load_cases();
  ASSERT_GE(cases.size(), 40u);
  std::set<std::string> covered;
  for (const ReferenceCase& c : cases) {
    SCOPED_TRACE(c.id);
    std::unique_ptr<Loss> loss = make_loss(c.loss, c.reduction);
    covered.insert(loss->name());

    const float value = loss->forward(c.prediction, c.target);
    EXPECT_NEAR(value, c.value, 1e-5 + 1e-5 * std::abs(c.value));

    Tensor grad;
    loss->backward(c.prediction, c.target, grad);
    ASSERT_EQ(grad.shape(), c.grad.shape());
    // The worst entry relative to its tolerance, so one wrong term gives one message.
    double worst_excess = 0.0;
    std::size_t worst = 0;
    for (std::size_t i = 0; i < grad.size(); ++i) {
      const double excess =
          std::abs(grad[i] - c.grad[i]) / (1e-6 + 1e-5 * std::abs(static_cast<double>(c.grad[i])));
      if (excess > worst_excess) {
        worst_excess = excess;
        worst = i;
      }
    }
    EXPECT_LE(worst_excess, 1.0) << "gradient entry " << worst << ": " << grad[worst]
                                 << " vs PyTorch " << c.grad[worst];
  }
  const std::set<std::string> every_loss = {"mse",
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
  EXPECT_EQ(covered, every_loss);
}

}  // namespace
}  // namespace axon
