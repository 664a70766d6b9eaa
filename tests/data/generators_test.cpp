// Built-in datasets and the Standardizer: shapes, labels, statistics, determinism, option checks.
#include "axon/data/generators.hpp"

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "axon/data/standardizer.hpp"
#include "axon/tensor/error.hpp"

namespace axon::data {
namespace {

/// Samples per class label, for labels stored as class indices (N, 1).
std::vector<std::size_t> class_counts(const Dataset& data, std::size_t classes) {
  std::vector<std::size_t> counts(classes, 0);
  for (std::size_t i = 0; i < data.size(); ++i) {
    const float label = data.targets[i];
    EXPECT_EQ(label, std::round(label)) << "row " << i;
    EXPECT_GE(label, 0.0f);
    EXPECT_LT(label, static_cast<float>(classes));
    ++counts.at(static_cast<std::size_t>(label));
  }
  return counts;
}

/// Mean and population std of column `c` over the rows whose label is `label` (all if < 0).
std::pair<double, double> column_stats(const Dataset& data, std::size_t c, float label = -1.0f) {
  double sum = 0.0, squares = 0.0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (label >= 0.0f && data.targets[i] != label) continue;
    sum += data.inputs(i, c);
    ++n;
  }
  const double mean = sum / static_cast<double>(n);
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (label >= 0.0f && data.targets[i] != label) continue;
    squares += (data.inputs(i, c) - mean) * (data.inputs(i, c) - mean);
  }
  return {mean, std::sqrt(squares / static_cast<double>(n))};
}

/// Rank of the columns of `x` by modified Gram-Schmidt in double: a column whose residual
/// norm falls below 1e-6 of its own norm depends linearly on the columns before it.
std::size_t column_rank(const Tensor& x) {
  std::vector<std::vector<double>> basis;
  for (std::size_t c = 0; c < x.cols(); ++c) {
    std::vector<double> v(x.rows());
    double norm = 0.0;
    for (std::size_t i = 0; i < x.rows(); ++i) norm += (v[i] = x(i, c)) * x(i, c);
    for (const auto& q : basis) {
      double dot = 0.0;
      for (std::size_t i = 0; i < v.size(); ++i) dot += q[i] * v[i];
      for (std::size_t i = 0; i < v.size(); ++i) v[i] -= dot * q[i];
    }
    double residual = 0.0;
    for (double e : v) residual += e * e;
    if (residual <= 1e-12 * norm) continue;
    for (double& e : v) e /= std::sqrt(residual);
    basis.push_back(std::move(v));
  }
  return basis.size();
}

void expect_same(const Dataset& a, const Dataset& b) {
  EXPECT_EQ(a.inputs.to_vector(), b.inputs.to_vector());
  EXPECT_EQ(a.targets.to_vector(), b.targets.to_vector());
}

/// Runs `f` and expects an axon::Error whose message contains `fragment`.
template <typename F>
void expect_error(F f, const std::string& fragment) {
  try {
    f();
    ADD_FAILURE() << "expected an error mentioning '" << fragment << "'";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(Blobs, HasTheSeedsShapeAndBalancedLabels) {
  Rng rng(1);
  const Dataset data = blobs(rng);
  EXPECT_EQ(data.inputs.shape(), (Shape{256, 4}));
  EXPECT_EQ(data.targets.shape(), (Shape{256, 1}));
  EXPECT_EQ(class_counts(data, 2), (std::vector<std::size_t>{128, 128}));
  EXPECT_EQ(data.targets[0], 0.0f);  // class 0 (mean 1.0) first, as the seed's MyDataset
  EXPECT_EQ(data.targets[255], 1.0f);
}

TEST(Blobs, ClassMeansAndSpreadMatchTheOptions) {
  // 512 samples per class and feature: the sample mean has std 0.1 / sqrt(512) = 0.0044 and the
  // sample std about 0.1 / sqrt(2 * 512) = 0.0031, so 0.02 and 0.015 are over 4 sigma.
  Rng rng(7);
  const Dataset data = blobs(rng, {.samples_per_class = 512});
  for (std::size_t c = 0; c < 4; ++c) {
    const auto [mean0, std0] = column_stats(data, c, 0.0f);
    const auto [mean1, std1] = column_stats(data, c, 1.0f);
    EXPECT_NEAR(mean0, 1.0, 0.02) << "feature " << c;
    EXPECT_NEAR(mean1, 0.5, 0.02) << "feature " << c;
    EXPECT_NEAR(std0, 0.1, 0.015) << "feature " << c;
    EXPECT_NEAR(std1, 0.1, 0.015) << "feature " << c;
  }
}

TEST(Blobs, SameSeedSameDataOtherSeedOtherData) {
  Rng a(3), b(3), c(4);
  const Dataset first = blobs(a), second = blobs(b), third = blobs(c);
  expect_same(first, second);
  EXPECT_NE(first.inputs.to_vector(), third.inputs.to_vector());
}

TEST(Blobs, RejectsBadOptions) {
  Rng rng(0);
  expect_error([&] { blobs(rng, {.means = {1.0f}}); }, "at least 2 classes, got 1");
  expect_error([&] { blobs(rng, {.stddev = -0.5f}); }, "-0.5");
  expect_error([&] { blobs(rng, {.features = 0}); }, "features must be > 0, got 0");
}

TEST(XorGate, IsTheFourPoints) {
  Rng rng(0);
  const Dataset data = xor_gate(rng);
  EXPECT_EQ(data.inputs.to_vector(), (std::vector<float>{0, 0, 0, 1, 1, 0, 1, 1}));
  EXPECT_EQ(data.targets.to_vector(), (std::vector<float>{0, 1, 1, 0}));
  const Dataset noisy = xor_gate(rng, {.copies = 25, .noise = 0.1f});
  EXPECT_EQ(noisy.inputs.shape(), (Shape{100, 2}));
  EXPECT_EQ(class_counts(noisy, 2), (std::vector<std::size_t>{50, 50}));
  EXPECT_NE(noisy.inputs(4, 0), 0.0f);
  EXPECT_NEAR(noisy.inputs(4, 0), 0.0f, 0.6f);
}

TEST(Sine, IsTheSeedsShiftedSineOnStandardizedInputs) {
  Rng rng(0);
  const Dataset raw = sine(rng, {.standardize_inputs = false});
  ASSERT_EQ(raw.inputs.shape(), (Shape{500, 1}));
  EXPECT_NEAR(raw.inputs[0], -2.0 * std::numbers::pi, 1e-5);
  EXPECT_NEAR(raw.inputs[499], 2.0 * std::numbers::pi, 1e-5);
  for (std::size_t i = 0; i < raw.size(); ++i)
    EXPECT_NEAR(raw.targets[i], 0.5 * (std::sin(raw.inputs[i]) + 1.0), 1e-5) << "row " << i;

  const Dataset data = sine(rng);
  const auto [mean, stddev] = column_stats(data, 0);
  EXPECT_NEAR(mean, 0.0, 1e-6);
  EXPECT_NEAR(stddev, 1.0, 1e-5);
  EXPECT_EQ(data.targets.to_vector(), raw.targets.to_vector());
}

TEST(Linear, DefaultsAreTheSeedsLineAndNoiseHasTheRequestedSpread) {
  Rng rng(0);
  const Dataset line = linear(rng);
  EXPECT_EQ(line.inputs.to_vector(), (std::vector<float>{1, 2, 3, 4}));
  EXPECT_EQ(line.targets.to_vector(), (std::vector<float>{2, 4, 6, 8}));

  const Dataset noisy = linear(rng, {.samples = 2000, .step = 0.01f, .noise = 0.5f});
  double squares = 0.0;
  for (std::size_t i = 0; i < noisy.size(); ++i) {
    const double residual = noisy.targets[i] - 2.0 * noisy.inputs[i];
    squares += residual * residual;
  }
  // The residual std of 2000 draws is within 0.5 +- 0.05 (over 6 sigma).
  EXPECT_NEAR(std::sqrt(squares / 2000.0), 0.5, 0.05);
  expect_error([&] { linear(rng, {.noise = -1.0f}); }, "noise must be >= 0, got -1");
}

TEST(Classification, ShapesAndBalancedClasses) {
  Rng rng(0);
  const Dataset data = classification(rng);
  EXPECT_EQ(data.inputs.shape(), (Shape{1000, 20}));
  EXPECT_EQ(data.targets.shape(), (Shape{1000, 1}));
  // 6 clusters of 166 or 167 give classes of 333, 333 and 332 before ~1% of labels are redrawn.
  for (std::size_t count : class_counts(data, 3)) {
    EXPECT_GE(count, 310u);
    EXPECT_LE(count, 356u);
  }
}

TEST(Classification, RedundantFeaturesAreCombinationsOfInformativeOnes) {
  Rng rng(2);
  const Dataset data = classification(rng, {.shuffle = false});
  // 15 informative, 5 redundant: rank 15. Without redundant features all 20 are independent.
  EXPECT_EQ(column_rank(data.inputs), 15u);
  const Dataset independent = classification(rng, {.informative = 15, .redundant = 0});
  EXPECT_EQ(column_rank(independent.inputs), 20u);
}

TEST(Classification, ClassesSitAtDifferentHypercubeVertices) {
  // With one cluster per class and no label noise, the class means of the informative features
  // are distinct vertices of [-class_sep, class_sep]^m: they differ by 2 class_sep somewhere.
  Rng rng(5);
  const Dataset data = classification(rng, {.features = 4,
                                            .informative = 4,
                                            .redundant = 0,
                                            .clusters_per_class = 1,
                                            .class_sep = 2.0f,
                                            .flip_y = 0.0f,
                                            .shuffle = false});
  std::vector<std::vector<bool>> vertices(3);
  for (std::size_t c = 0; c < 4; ++c) {
    for (std::size_t k = 0; k < 3; ++k) {
      // Each mean is +-2 plus (mean z) A with std about sqrt(4 / (3 * 333)) = 0.063.
      const double mean = column_stats(data, c, static_cast<float>(k)).first;
      EXPECT_NEAR(std::abs(mean), 2.0, 0.35) << "feature " << c << ", class " << k;
      vertices[k].push_back(mean > 0.0);
    }
  }
  EXPECT_NE(vertices[0], vertices[1]);
  EXPECT_NE(vertices[0], vertices[2]);
  EXPECT_NE(vertices[1], vertices[2]);
}

TEST(Classification, RejectsInconsistentFeatureCounts) {
  Rng rng(0);
  expect_error([&] { classification(rng, {.features = 10}); }, "(15 + 5 + 0)");
  expect_error([&] { classification(rng, {.informative = 2, .redundant = 0}); },
               "classes * clusters_per_class (6) must be <= 2^informative (4)");
}

TEST(Spiral, ArmsOfEqualSizeInsideTheUnitDisc) {
  Rng rng(0);
  const Dataset data = spiral(rng, {.samples_per_class = 50, .classes = 5});
  EXPECT_EQ(data.inputs.shape(), (Shape{250, 2}));
  EXPECT_EQ(class_counts(data, 5), (std::vector<std::size_t>(5, 50)));
  for (std::size_t i = 0; i < data.size(); ++i)
    EXPECT_LE(std::hypot(data.inputs(i, 0), data.inputs(i, 1)), 1.0f + 1e-6f);
}

TEST(Moons, NoiselessPointsLieOnTheTwoHalfCircles) {
  Rng rng(0);
  const Dataset data = moons(rng, {.samples = 101, .noise = 0.0f});
  EXPECT_EQ(class_counts(data, 2), (std::vector<std::size_t>{50, 51}));
  for (std::size_t i = 0; i < data.size(); ++i) {
    const float x = data.inputs(i, 0), y = data.inputs(i, 1);
    if (data.targets[i] == 0.0f) {
      EXPECT_NEAR(std::hypot(x, y), 1.0f, 1e-5f);
      EXPECT_GE(y, -1e-6f);
    } else {
      EXPECT_NEAR(std::hypot(x - 1.0f, y - 0.5f), 1.0f, 1e-5f);
      EXPECT_LE(y, 0.5f + 1e-6f);
    }
  }
}

TEST(Circles, NoiselessPointsLieOnTheTwoCircles) {
  Rng rng(0);
  const Dataset data = circles(rng, {.samples = 100, .factor = 0.3f, .noise = 0.0f});
  EXPECT_EQ(class_counts(data, 2), (std::vector<std::size_t>{50, 50}));
  for (std::size_t i = 0; i < data.size(); ++i)
    EXPECT_NEAR(std::hypot(data.inputs(i, 0), data.inputs(i, 1)),
                data.targets[i] == 0.0f ? 1.0f : 0.3f, 1e-5f);
  expect_error([&] { circles(rng, {.factor = 1.5f}); }, "factor must be in (0, 1), got 1.5");
}

TEST(Generate, BuildsEveryNamedDatasetDeterministically) {
  for (const std::string& name : generator_names()) {
    Rng a(11), b(11);
    const Dataset first = generate(name, a, {.samples = 120});
    const Dataset second = generate(name, b, {.samples = 120});
    SCOPED_TRACE(name);
    EXPECT_GT(first.size(), 0u);
    EXPECT_EQ(first.targets.cols(), 1u);
    expect_same(first, second);
  }
  EXPECT_EQ(generator_task("moons"), Task::kClassification);
  EXPECT_EQ(generator_task("sine"), Task::kRegression);
  EXPECT_EQ(generator_task("linear"), Task::kRegression);
  expect_error([] { generator_task("no_such_set"); }, "unknown dataset 'no_such_set'");
  Rng rng(0);
  EXPECT_EQ(generate("spiral", rng, {.samples = 400, .classes = 4}).size(), 400u);
  EXPECT_EQ(generate("blobs", rng, {.classes = 3, .features = 2}).inputs.shape(), (Shape{384, 2}));
  expect_error([&] { generate("mnist", rng); }, "unknown dataset 'mnist'");
}

TEST(Standardizer, GivesZeroMeanAndUnitStdOnTheTrainingData) {
  Rng rng(0);
  Dataset data = classification(rng, {.samples = 300});
  Standardizer scaler;
  scaler.fit_transform(data.inputs);
  ASSERT_EQ(scaler.features(), 20u);
  for (std::size_t c = 0; c < 20; ++c) {
    const auto [mean, stddev] = column_stats(data, c);
    EXPECT_NEAR(mean, 0.0, 1e-5) << "feature " << c;
    EXPECT_NEAR(stddev, 1.0, 1e-4) << "feature " << c;
  }
}

TEST(Standardizer, UsesPopulationStdAndMapsConstantFeaturesToZero) {
  Tensor x(Shape{4, 2}, {1, 5, 2, 5, 3, 5, 4, 5});
  Standardizer scaler;
  scaler.fit(x);
  EXPECT_FLOAT_EQ(scaler.mean()[0], 2.5f);
  EXPECT_FLOAT_EQ(scaler.stddev()[0], std::sqrt(1.25f));  // population: divide by N = 4
  EXPECT_FLOAT_EQ(scaler.stddev()[1], 1.0f);              // constant feature: std 0 -> 1
  scaler.transform(x);
  EXPECT_FLOAT_EQ(x(0, 0), -1.5f / std::sqrt(1.25f));
  EXPECT_FLOAT_EQ(x(3, 1), 0.0f);
}

TEST(Standardizer, SavedStatisticsReproduceTheTransformAndItsInverse) {
  Rng rng(4);
  Dataset data = blobs(rng);
  Standardizer fitted;
  fitted.fit(data.inputs);
  const Standardizer restored(fitted.mean(), fitted.stddev());
  Tensor a = data.inputs, b = data.inputs;
  fitted.transform(a);
  restored.transform(b);
  EXPECT_EQ(a.to_vector(), b.to_vector());
  restored.inverse_transform(b);
  for (std::size_t i = 0; i < b.size(); ++i) EXPECT_NEAR(b[i], data.inputs[i], 1e-6f);
}

TEST(Standardizer, RejectsMismatchedFeaturesAndBadStatistics) {
  Standardizer scaler;
  Tensor x(Shape{3, 2}, {1, 2, 3, 4, 5, 7});
  expect_error([&] { scaler.transform(x); }, "before fit");
  scaler.fit(x);
  Tensor wider(Shape{3, 3});
  expect_error([&] { scaler.transform(wider); },
               "fitted on 2 features, cannot transform inputs of shape (3, 3)");
  expect_error([] { Standardizer({0.0f, 1.0f}, {1.0f}); }, "2 means but 1 standard deviations");
  expect_error([] { Standardizer({0.0f}, {0.0f}); }, "std of feature 0 must be > 0, got 0");
}

}  // namespace
}  // namespace axon::data
