// Optimizers against PyTorch 1.13: six steps of every optimizer and notable option on a quadratic
// whose gradient g = A p - c depends on the parameters, compared after every step, and the state
// tensors after the last. Fixture and script: tests/fixtures/optimizers.txt and
// tests/reference/optimizers.py.
//
// Tolerance: each element is compared with 1e-6 times the largest magnitude in its vector (a
// norm-wise relative error). axon performs the same float32 operations in the same order as
// PyTorch's kernels, with the same double-precision scalars rounded once to float, so the two
// agree to a few ulp (ulp = 6e-8 relative; the worst measured is 2.5e-7, from PyTorch's vectorized
// kernels rounding differently). 1e-6 leaves room for that while any wrong term (a missing bias
// correction, an eps in the wrong place, a decayed bias) moves the values by 1e-4 or more.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "axon/tensor/parameter_store.hpp"
#include "axon/optimizers/adadelta.hpp"
#include "axon/optimizers/adagrad.hpp"
#include "axon/optimizers/adam.hpp"
#include "axon/optimizers/adamw.hpp"
#include "axon/optimizers/rmsprop.hpp"
#include "axon/optimizers/sgd.hpp"

namespace axon {
namespace {

constexpr double kTolerance = 1e-6;

struct ReferenceCase {
  std::string name;
  std::string type;
  std::map<std::string, float> options;
  std::vector<std::vector<float>> steps;                           // parameters after each step
  std::vector<std::pair<std::string, std::vector<float>>> states;  // after the last step
};

struct Reference {
  std::size_t weight_size = 0;
  std::size_t bias_size = 0;
  std::vector<float> matrix;  // A, n x n row-major
  std::vector<float> target;  // c
  std::vector<float> initial;
  std::vector<ReferenceCase> cases;
};

std::vector<float> read_floats(std::istringstream& in) {
  std::vector<float> values;
  std::string token;
  while (in >> token) values.push_back(std::stof(token));
  return values;
}

Reference load_reference() {
  const std::string path = std::string(AXON_TEST_DIR) + "/fixtures/optimizers.txt";
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot open " + path);
  Reference reference;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream in(line);
    std::string keyword;
    in >> keyword;
    if (keyword == "sizes") {
      in >> reference.weight_size >> reference.bias_size;
    } else if (keyword == "matrix") {
      reference.matrix = read_floats(in);
    } else if (keyword == "target") {
      reference.target = read_floats(in);
    } else if (keyword == "initial") {
      reference.initial = read_floats(in);
    } else if (keyword == "case") {
      ReferenceCase c;
      in >> c.name >> c.type;
      std::string option;
      while (in >> option) {
        const std::size_t equals = option.find('=');
        c.options[option.substr(0, equals)] = std::stof(option.substr(equals + 1));
      }
      reference.cases.push_back(std::move(c));
    } else if (keyword == "step") {
      reference.cases.back().steps.push_back(read_floats(in));
    } else if (keyword == "state") {
      std::string name;
      in >> name;
      reference.cases.back().states.emplace_back(name, read_floats(in));
    } else {
      throw std::runtime_error("unexpected line in " + path + ": " + line);
    }
  }
  return reference;
}

const Reference& reference() {
  static const Reference loaded = load_reference();
  return loaded;
}

/// Reads the options of one case; keys it never asked for are reported as unused.
class CaseOptions {
 public:
  explicit CaseOptions(const ReferenceCase& c) : options_(c.options) {}
  float get(const std::string& key, float fallback) {
    used_.insert(key);
    const auto it = options_.find(key);
    return it == options_.end() ? fallback : it->second;
  }
  bool flag(const std::string& key, bool fallback) { return get(key, fallback ? 1.0f : 0.0f) != 0; }
  std::vector<std::string> unused() const {
    std::vector<std::string> keys;
    for (const auto& [key, value] : options_) {
      if (!used_.count(key)) keys.push_back(key);
    }
    return keys;
  }

 private:
  std::map<std::string, float> options_;
  std::set<std::string> used_;
};

std::unique_ptr<Optimizer> build(const std::string& type, CaseOptions& o) {
  if (type == "sgd") {
    const SgdOptions d;
    return std::make_unique<Sgd>(
        SgdOptions{.learning_rate = o.get("learning_rate", d.learning_rate),
                   .momentum = o.get("momentum", d.momentum),
                   .dampening = o.get("dampening", d.dampening),
                   .nesterov = o.flag("nesterov", d.nesterov),
                   .weight_decay = o.get("weight_decay", d.weight_decay),
                   .decay_bias = o.flag("decay_bias", d.decay_bias)});
  }
  if (type == "rmsprop") {
    const RmspropOptions d;
    return std::make_unique<Rmsprop>(
        RmspropOptions{.learning_rate = o.get("learning_rate", d.learning_rate),
                       .alpha = o.get("alpha", d.alpha),
                       .eps = o.get("eps", d.eps),
                       .momentum = o.get("momentum", d.momentum),
                       .centered = o.flag("centered", d.centered),
                       .weight_decay = o.get("weight_decay", d.weight_decay),
                       .decay_bias = o.flag("decay_bias", d.decay_bias)});
  }
  if (type == "adam") {
    const AdamOptions d;
    return std::make_unique<Adam>(
        AdamOptions{.learning_rate = o.get("learning_rate", d.learning_rate),
                    .beta1 = o.get("beta1", d.beta1),
                    .beta2 = o.get("beta2", d.beta2),
                    .eps = o.get("eps", d.eps),
                    .weight_decay = o.get("weight_decay", d.weight_decay),
                    .amsgrad = o.flag("amsgrad", d.amsgrad),
                    .decay_bias = o.flag("decay_bias", d.decay_bias)});
  }
  if (type == "adamw") {
    const AdamWOptions d;
    return std::make_unique<AdamW>(
        AdamWOptions{.learning_rate = o.get("learning_rate", d.learning_rate),
                     .beta1 = o.get("beta1", d.beta1),
                     .beta2 = o.get("beta2", d.beta2),
                     .eps = o.get("eps", d.eps),
                     .weight_decay = o.get("weight_decay", d.weight_decay),
                     .amsgrad = o.flag("amsgrad", d.amsgrad),
                     .decay_bias = o.flag("decay_bias", d.decay_bias)});
  }
  if (type == "adagrad") {
    const AdagradOptions d;
    return std::make_unique<Adagrad>(
        AdagradOptions{.learning_rate = o.get("learning_rate", d.learning_rate),
                       .lr_decay = o.get("lr_decay", d.lr_decay),
                       .weight_decay = o.get("weight_decay", d.weight_decay),
                       .initial_accumulator_value =
                           o.get("initial_accumulator_value", d.initial_accumulator_value),
                       .eps = o.get("eps", d.eps),
                       .decay_bias = o.flag("decay_bias", d.decay_bias)});
  }
  if (type == "adadelta") {
    const AdadeltaOptions d;
    return std::make_unique<Adadelta>(
        AdadeltaOptions{.learning_rate = o.get("learning_rate", d.learning_rate),
                        .rho = o.get("rho", d.rho),
                        .eps = o.get("eps", d.eps),
                        .weight_decay = o.get("weight_decay", d.weight_decay),
                        .decay_bias = o.flag("decay_bias", d.decay_bias)});
  }
  return nullptr;
}

/// g = A p - c, summed in double in index order and rounded to float, as the script does.
void quadratic_gradient(const Reference& r, std::span<const float> p, std::span<float> g) {
  const std::size_t n = p.size();
  for (std::size_t i = 0; i < n; ++i) {
    double sum = 0.0;
    for (std::size_t j = 0; j < n; ++j) {
      sum += static_cast<double>(r.matrix[i * n + j]) * static_cast<double>(p[j]);
    }
    g[i] = static_cast<float>(sum - static_cast<double>(r.target[i]));
  }
}

/// Every element within kTolerance times the vector's largest magnitude; reports the worst.
void expect_close(std::span<const float> actual, const std::vector<float>& expected,
                  const std::string& what) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  double scale = 0.0;
  for (float e : expected) scale = std::max(scale, std::abs(static_cast<double>(e)));
  double worst = 0.0;
  std::size_t worst_index = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const double error = std::abs(static_cast<double>(actual[i]) - expected[i]);
    if (error > worst) {
      worst = error;
      worst_index = i;
    }
  }
  EXPECT_LE(worst, kTolerance * scale)
      << what << ": element " << worst_index << " is " << actual[worst_index] << ", PyTorch has "
      << expected[worst_index] << " (error " << worst / scale << " of the largest magnitude)";
}

void run_cases(const std::string& type) {
  const Reference& r = reference();
  const std::size_t n = r.weight_size + r.bias_size;
  ASSERT_EQ(r.matrix.size(), n * n);
  ASSERT_EQ(r.initial.size(), n);
  int ran = 0;
  for (const ReferenceCase& c : r.cases) {
    if (c.type != type) continue;
    SCOPED_TRACE("case " + c.name);
    ++ran;
    Parameter weight{.name = "weight", .shape = Shape{2, r.weight_size / 2}};
    Parameter bias{.name = "bias", .shape = Shape{r.bias_size}, .kind = ParameterKind::kBias};
    ParameterStore store;
    store.bind({&weight, &bias});
    std::copy(r.initial.begin(), r.initial.end(), store.values().begin());

    CaseOptions options(c);
    std::unique_ptr<Optimizer> optimizer = build(type, options);
    ASSERT_NE(optimizer, nullptr);
    EXPECT_TRUE(options.unused().empty()) << "unknown option " << options.unused().front();
    for (std::size_t s = 0; s < c.steps.size(); ++s) {
      quadratic_gradient(r, store.values(), store.grads());
      optimizer->step(store);
      expect_close(store.values(), c.steps[s], "parameters after step " + std::to_string(s + 1));
    }
    EXPECT_EQ(optimizer->steps(), c.steps.size());
    const std::vector<Tensor*> state = optimizer->state();
    ASSERT_EQ(state.size(), c.states.size());
    for (std::size_t k = 0; k < state.size(); ++k) {
      expect_close(state[k]->values(), c.states[k].second, "state " + c.states[k].first);
    }
  }
  EXPECT_GE(ran, 2) << "too few PyTorch cases for " << type;
}

TEST(OptimizerReference, FixtureCoversEveryOption) {
  std::vector<std::string> names;
  for (const ReferenceCase& c : reference().cases) {
    names.push_back(c.name);
    EXPECT_EQ(c.steps.size(), 6u) << c.name;
  }
  const std::vector<std::string> expected = {"sgd",
                                             "sgd_momentum",
                                             "sgd_dampening",
                                             "sgd_nesterov",
                                             "sgd_weight_decay",
                                             "sgd_weight_decay_no_bias",
                                             "rmsprop",
                                             "rmsprop_centered",
                                             "rmsprop_momentum_centered_weight_decay",
                                             "adam",
                                             "adam_weight_decay",
                                             "adam_weight_decay_no_bias",
                                             "adam_amsgrad",
                                             "adamw",
                                             "adamw_no_bias",
                                             "adamw_amsgrad",
                                             "adagrad",
                                             "adagrad_lr_decay",
                                             "adadelta",
                                             "adadelta_weight_decay"};
  EXPECT_EQ(names, expected);
}

TEST(OptimizerReference, SgdMatchesPyTorch) { run_cases("sgd"); }
TEST(OptimizerReference, RmspropMatchesPyTorch) { run_cases("rmsprop"); }
TEST(OptimizerReference, AdamMatchesPyTorch) { run_cases("adam"); }
TEST(OptimizerReference, AdamWMatchesPyTorch) { run_cases("adamw"); }
TEST(OptimizerReference, AdagradMatchesPyTorch) { run_cases("adagrad"); }
TEST(OptimizerReference, AdadeltaMatchesPyTorch) { run_cases("adadelta"); }

}  // namespace
}  // namespace axon
