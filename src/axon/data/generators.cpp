// Built-in synthetic datasets: each generator checks its options and draws from the one Rng.
#include "axon/data/generators.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <span>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "axon/tensor/checked_arithmetic.hpp"
#include "axon/tensor/error.hpp"

namespace axon::data {
namespace {

constexpr double kPi = 3.14159265358979323846;

/// linspace(low, high, n)[i], with endpoint, as numpy computes it.
double linspace_at(double low, double high, std::size_t n, std::size_t i) {
  return n == 1 ? low : low + (high - low) * static_cast<double>(i) / static_cast<double>(n - 1);
}

void check_noise(float noise, const char* generator) {
  check(std::isfinite(noise) && noise >= 0.0f, "{}: noise must be >= 0, got {}", generator, noise);
}

/// Rows of `data` in a random order.
Dataset shuffled(const Dataset& data, Rng& rng) {
  std::vector<std::size_t> order(data.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  rng.shuffle(order);
  return data.subset(order);
}

}  // namespace

Dataset blobs(Rng& rng, const BlobsOptions& options) {
  check(options.samples_per_class > 0, "blobs: samples_per_class must be > 0, got {}",
        options.samples_per_class);
  check(options.features > 0, "blobs: features must be > 0, got {}", options.features);
  check(options.means.size() >= 2, "blobs: need a mean for each of at least 2 classes, got {}",
        options.means.size());
  check(std::isfinite(options.stddev) && options.stddev >= 0.0f,
        "blobs: stddev must be >= 0, got {}", options.stddev);
  const std::size_t per_class = options.samples_per_class;
  const std::size_t n = checked_mul(per_class, options.means.size(), "blobs: the sample count");
  Tensor inputs(Shape{n, options.features});
  Tensor targets(Shape{n, 1});
  for (std::size_t k = 0; k < options.means.size(); ++k) {
    for (std::size_t i = k * per_class; i < (k + 1) * per_class; ++i) {
      for (std::size_t j = 0; j < options.features; ++j)
        inputs(i, j) = rng.normal(options.means[k], options.stddev);
      targets[i] = static_cast<float>(k);
    }
  }
  return {std::move(inputs), std::move(targets)};
}

Dataset xor_gate(Rng& rng, const XorOptions& options) {
  check(options.copies > 0, "xor: copies must be > 0, got {}", options.copies);
  check_noise(options.noise, "xor");
  const std::size_t n = checked_mul(4, options.copies, "xor: the sample count");
  Tensor inputs(Shape{n, 2});
  Tensor targets(Shape{n, 1});
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t a = (i % 4) / 2, b = i % 2;
    inputs(i, 0) = static_cast<float>(a);
    inputs(i, 1) = static_cast<float>(b);
    if (options.noise > 0.0f) {
      inputs(i, 0) += rng.normal(0.0f, options.noise);
      inputs(i, 1) += rng.normal(0.0f, options.noise);
    }
    targets[i] = static_cast<float>(a ^ b);
  }
  return {std::move(inputs), std::move(targets)};
}

Dataset sine(Rng& rng, const SineOptions& options) {
  check(options.samples >= 2, "sine: samples must be >= 2, got {}", options.samples);
  check(std::isfinite(options.low) && std::isfinite(options.high) && options.low < options.high,
        "sine: need low < high, got low {} and high {}", options.low, options.high);
  check_noise(options.noise, "sine");
  const std::size_t n = options.samples;
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = linspace_at(options.low, options.high, n, i);
  Tensor targets(Shape{n, 1});
  for (std::size_t i = 0; i < n; ++i) {
    targets[i] = static_cast<float>(0.5 * (std::sin(x[i]) + 1.0));
    if (options.noise > 0.0f) targets[i] += rng.normal(0.0f, options.noise);
  }
  if (options.standardize_inputs) {
    // X_norm = (X - X.mean()) / X.std(), numpy's population std.
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(n);
    double squares = 0.0;
    for (double v : x) squares += (v - mean) * (v - mean);
    const double stddev = std::sqrt(squares / static_cast<double>(n));
    for (double& v : x) v = (v - mean) / stddev;
  }
  Tensor inputs(Shape{n, 1});
  for (std::size_t i = 0; i < n; ++i) inputs[i] = static_cast<float>(x[i]);
  return {std::move(inputs), std::move(targets)};
}

Dataset linear(Rng& rng, const LinearOptions& options) {
  check(options.samples > 0, "linear: samples must be > 0, got {}", options.samples);
  check(std::isfinite(options.start) && std::isfinite(options.step) &&
            std::isfinite(options.weight) && std::isfinite(options.bias),
        "linear: start, step, weight and bias must be finite, got {}, {}, {}, {}", options.start,
        options.step, options.weight, options.bias);
  check_noise(options.noise, "linear");
  Tensor inputs(Shape{options.samples, 1});
  Tensor targets(Shape{options.samples, 1});
  for (std::size_t i = 0; i < options.samples; ++i) {
    inputs[i] = options.start + static_cast<float>(i) * options.step;
    targets[i] = options.weight * inputs[i] + options.bias;
    if (options.noise > 0.0f) targets[i] += rng.normal(0.0f, options.noise);
  }
  return {std::move(inputs), std::move(targets)};
}

Dataset classification(Rng& rng, const ClassificationOptions& o) {
  check(o.classes >= 2, "classification: classes must be >= 2, got {}", o.classes);
  check(o.clusters_per_class > 0, "classification: clusters_per_class must be > 0, got {}",
        o.clusters_per_class);
  check(o.informative > 0, "classification: informative must be > 0, got {}", o.informative);
  check(checked_add(checked_add(o.informative, o.redundant, "classification: the feature count"),
                    o.repeated, "classification: the feature count") <= o.features,
        "classification: informative + redundant + repeated ({} + {} + {}) must be <= features "
        "({})",
        o.informative, o.redundant, o.repeated, o.features);
  const std::size_t clusters =
      checked_mul(o.classes, o.clusters_per_class, "classification: classes x clusters_per_class");
  checked_values(o.informative, o.informative, "classification: the informative covariance");
  check(o.informative >= 63 || clusters <= (std::size_t{1} << o.informative),
        "classification: classes * clusters_per_class ({}) must be <= 2^informative ({})", clusters,
        std::size_t{1} << std::min<std::size_t>(o.informative, 63));
  check(o.samples >= clusters, "classification: samples ({}) must be >= the {} clusters", o.samples,
        clusters);
  check(std::isfinite(o.class_sep) && o.class_sep > 0.0f,
        "classification: class_sep must be > 0, got {}", o.class_sep);
  check(std::isfinite(o.flip_y) && o.flip_y >= 0.0f && o.flip_y <= 1.0f,
        "classification: flip_y must be in [0, 1], got {}", o.flip_y);

  const std::size_t n = o.samples, d = o.features, m = o.informative;
  // Distinct hypercube vertices in {-class_sep, +class_sep}^m, one per cluster.
  std::vector<std::vector<float>> centroids;
  while (centroids.size() < clusters) {
    std::vector<float> vertex(m);
    for (float& v : vertex) v = (rng.next_u64() >> 63) != 0 ? o.class_sep : -o.class_sep;
    if (std::find(centroids.begin(), centroids.end(), vertex) == centroids.end())
      centroids.push_back(std::move(vertex));
  }

  Tensor inputs(Shape{n, d});
  Tensor targets(Shape{n, 1});
  // n / clusters samples per cluster, the remainder to the first clusters (as scikit-learn).
  std::size_t start = 0;
  std::vector<float> z(m), a(m * m);
  for (std::size_t k = 0; k < clusters; ++k) {
    const std::size_t count = n / clusters + (k < n % clusters ? 1 : 0);
    // x = z A + centroid, z ~ N(0, I), A ~ U(-1, 1)^(m x m): a random covariance A^T A.
    for (float& v : a) v = rng.uniform(-1.0f, 1.0f);
    for (std::size_t i = start; i < start + count; ++i) {
      for (float& v : z) v = rng.normal();
      float* x = inputs.row(i);
      for (std::size_t c = 0; c < m; ++c) {
        double sum = centroids[k][c];
        for (std::size_t r = 0; r < m; ++r) sum += static_cast<double>(z[r]) * a[r * m + c];
        x[c] = static_cast<float>(sum);
      }
      targets[i] = static_cast<float>(k % o.classes);
    }
    start += count;
  }
  // Redundant features: x_red = x_inf B, B ~ U(-1, 1)^(m x redundant).
  std::vector<float> b(m * o.redundant);
  for (float& v : b) v = rng.uniform(-1.0f, 1.0f);
  for (std::size_t i = 0; i < n; ++i) {
    float* x = inputs.row(i);
    for (std::size_t c = 0; c < o.redundant; ++c) {
      double sum = 0.0;
      for (std::size_t r = 0; r < m; ++r) sum += static_cast<double>(x[r]) * b[r * o.redundant + c];
      x[m + c] = static_cast<float>(sum);
    }
  }
  // Repeated features copy random informative or redundant ones; the rest are pure noise.
  const std::size_t useful = m + o.redundant;
  for (std::size_t c = 0; c < o.repeated; ++c) {
    const std::size_t source = rng.below(useful);
    for (std::size_t i = 0; i < n; ++i) inputs(i, useful + c) = inputs(i, source);
  }
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t c = useful + o.repeated; c < d; ++c) inputs(i, c) = rng.normal();
  // Label noise: each label is redrawn uniformly with probability flip_y.
  for (std::size_t i = 0; i < n; ++i)
    if (rng.uniform() < o.flip_y) targets[i] = static_cast<float>(rng.below(o.classes));

  Dataset data(std::move(inputs), std::move(targets));
  if (!o.shuffle) return data;
  data = shuffled(data, rng);
  std::vector<std::size_t> columns(d);
  std::iota(columns.begin(), columns.end(), std::size_t{0});
  rng.shuffle(columns);
  Tensor permuted(data.inputs.shape());
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t c = 0; c < d; ++c) permuted(i, c) = data.inputs(i, columns[c]);
  data.inputs = std::move(permuted);
  return data;
}

Dataset spiral(Rng& rng, const SpiralOptions& options) {
  check(options.samples_per_class >= 2, "spiral: samples_per_class must be >= 2, got {}",
        options.samples_per_class);
  check(options.classes >= 2, "spiral: classes must be >= 2, got {}", options.classes);
  check_noise(options.noise, "spiral");
  const std::size_t per_class = options.samples_per_class;
  const std::size_t n = checked_mul(per_class, options.classes, "spiral: the sample count");
  Tensor inputs(Shape{n, 2});
  Tensor targets(Shape{n, 1});
  for (std::size_t k = 0; k < options.classes; ++k) {
    const double offset = 2.0 * kPi * static_cast<double>(k) / static_cast<double>(options.classes);
    for (std::size_t i = 0; i < per_class; ++i) {
      const std::size_t row = k * per_class + i;
      const double r = linspace_at(0.0, 1.0, per_class, i);
      const double t =
          offset + linspace_at(0.0, 4.0, per_class, i) + rng.normal(0.0f, options.noise);
      inputs(row, 0) = static_cast<float>(r * std::sin(t));
      inputs(row, 1) = static_cast<float>(r * std::cos(t));
      targets[row] = static_cast<float>(k);
    }
  }
  return {std::move(inputs), std::move(targets)};
}

Dataset moons(Rng& rng, const MoonsOptions& options) {
  check(options.samples >= 4, "moons: samples must be >= 4, got {}", options.samples);
  check_noise(options.noise, "moons");
  const std::size_t n = options.samples, outer = n / 2, inner = n - outer;
  Tensor inputs(Shape{n, 2});
  Tensor targets(Shape{n, 1});
  // Outer moon: (cos t, sin t); inner moon: (1 - cos t, 0.5 - sin t); t in linspace(0, pi).
  for (std::size_t i = 0; i < n; ++i) {
    const bool is_outer = i < outer;
    const double t =
        is_outer ? linspace_at(0.0, kPi, outer, i) : linspace_at(0.0, kPi, inner, i - outer);
    inputs(i, 0) = static_cast<float>(is_outer ? std::cos(t) : 1.0 - std::cos(t));
    inputs(i, 1) = static_cast<float>(is_outer ? std::sin(t) : 0.5 - std::sin(t));
    targets[i] = is_outer ? 0.0f : 1.0f;
  }
  if (options.noise > 0.0f)
    for (float& v : inputs.values()) v += rng.normal(0.0f, options.noise);
  return {std::move(inputs), std::move(targets)};
}

Dataset circles(Rng& rng, const CirclesOptions& options) {
  check(options.samples >= 2, "circles: samples must be >= 2, got {}", options.samples);
  check(options.factor > 0.0f && options.factor < 1.0f, "circles: factor must be in (0, 1), got {}",
        options.factor);
  check_noise(options.noise, "circles");
  const std::size_t n = options.samples, outer = n / 2, inner = n - outer;
  Tensor inputs(Shape{n, 2});
  Tensor targets(Shape{n, 1});
  // Angles evenly spaced on [0, 2 pi) without the endpoint, as scikit-learn.
  for (std::size_t i = 0; i < n; ++i) {
    const bool is_outer = i < outer;
    const std::size_t count = is_outer ? outer : inner, j = is_outer ? i : i - outer;
    const double t = 2.0 * kPi * static_cast<double>(j) / static_cast<double>(count);
    const double radius = is_outer ? 1.0 : options.factor;
    inputs(i, 0) = static_cast<float>(radius * std::cos(t));
    inputs(i, 1) = static_cast<float>(radius * std::sin(t));
    targets[i] = is_outer ? 0.0f : 1.0f;
  }
  if (options.noise > 0.0f)
    for (float& v : inputs.values()) v += rng.normal(0.0f, options.noise);
  return {std::move(inputs), std::move(targets)};
}

const std::vector<std::string>& generator_names() {
  static const std::vector<std::string> names = {"blobs",          "xor",    "sine",  "linear",
                                                 "classification", "spiral", "moons", "circles"};
  return names;
}

Task generator_task(const std::string& name) {
  const auto& names = generator_names();
  check(std::find(names.begin(), names.end(), name) != names.end(),
        "unknown dataset '{}' (expected one of: {})", name, fmt::join(names, ", "));
  return name == "sine" || name == "linear" ? Task::kRegression : Task::kClassification;
}

Dataset generate(const std::string& name, Rng& rng, const GeneratorOptions& options) {
  auto per_class = [&](std::size_t classes, std::size_t fallback) {
    return options.samples ? std::max<std::size_t>(*options.samples / classes, 1) : fallback;
  };
  if (name == "blobs") {
    BlobsOptions o;
    const std::size_t classes = options.classes.value_or(2);
    check(classes >= 2, "blobs: classes must be >= 2, got {}", classes);
    o.means.resize(classes);
    for (std::size_t k = 0; k < classes; ++k)
      o.means[k] = 1.0f - 0.5f * static_cast<float>(k) / static_cast<float>(classes - 1);
    o.samples_per_class = per_class(classes, o.samples_per_class);
    o.features = options.features.value_or(o.features);
    o.stddev = options.noise.value_or(o.stddev);
    return blobs(rng, o);
  }
  if (name == "xor") {
    XorOptions o;
    if (options.samples) o.copies = std::max<std::size_t>(*options.samples / 4, 1);
    o.noise = options.noise.value_or(o.noise);
    return xor_gate(rng, o);
  }
  if (name == "sine") {
    SineOptions o;
    // x as drawn, in [-2 pi, 2 pi]: whoever trains standardizes it and keeps the statistics (the
    // command saves them), so a model predicts at the x users give it.
    o.standardize_inputs = false;
    o.samples = options.samples.value_or(o.samples);
    o.noise = options.noise.value_or(o.noise);
    return sine(rng, o);
  }
  if (name == "linear") {
    LinearOptions o;
    o.samples = options.samples.value_or(o.samples);
    o.noise = options.noise.value_or(o.noise);
    return linear(rng, o);
  }
  if (name == "classification") {
    ClassificationOptions o;
    o.samples = options.samples.value_or(o.samples);
    o.classes = options.classes.value_or(o.classes);
    if (options.features) {
      // Keep scikit-learn's proportions for other widths: 3/4 informative, 1/4 redundant.
      o.features = *options.features;
      o.informative = std::max<std::size_t>(o.features * 3 / 4, 1);
      o.redundant = o.features - o.informative;
    }
    if (options.noise) o.flip_y = *options.noise;
    return classification(rng, o);
  }
  if (name == "spiral") {
    SpiralOptions o;
    o.classes = options.classes.value_or(o.classes);
    o.samples_per_class = per_class(o.classes, o.samples_per_class);
    o.noise = options.noise.value_or(o.noise);
    return spiral(rng, o);
  }
  if (name == "moons") {
    MoonsOptions o;
    o.samples = options.samples.value_or(o.samples);
    o.noise = options.noise.value_or(o.noise);
    return moons(rng, o);
  }
  if (name == "circles") {
    CirclesOptions o;
    o.samples = options.samples.value_or(o.samples);
    o.noise = options.noise.value_or(o.noise);
    return circles(rng, o);
  }
  throw Error(fmt::format("unknown dataset '{}' (expected one of: {})", name,
                          fmt::join(generator_names(), ", ")));
}

}  // namespace axon::data
