// Built-in synthetic datasets: the seeds' data (two Gaussians, XOR, sine, y = 2x, a 3-class
// make_classification set) and 2-D sets for decision boundaries (spiral, moons, circles).
// Classification sets give class indices (N, 1); regression sets give values (N, 1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "axon/data/dataset.hpp"
#include "axon/metrics/task.hpp"
#include "axon/tensor/rng.hpp"

namespace axon::data {

/// Seed 000's two Gaussians: class k has samples_per_class rows of N(means[k], stddev^2) in every
/// feature. Rows come class by class (class 0 first), as in the seed's MyDataset.
struct BlobsOptions {
  std::size_t samples_per_class = 128;
  std::size_t features = 4;
  std::vector<float> means = {1.0f, 0.5f};  ///< one per class
  float stddev = 0.1f;
};
Dataset blobs(Rng& rng, const BlobsOptions& options = {});

/// The four XOR points (0,0)->0, (0,1)->1, (1,0)->1, (1,1)->0, repeated `copies` times with
/// N(0, noise^2) jitter added to the inputs (none by default, so rng is then untouched).
struct XorOptions {
  std::size_t copies = 1;
  float noise = 0.0f;
};
Dataset xor_gate(Rng& rng, const XorOptions& options = {});

/// Seed 003's sine: x = linspace(low, high, samples), y = 0.5 (sin x + 1) so y fits a sigmoid
/// output, plus N(0, noise^2). With standardize_inputs, x is replaced by (x - mean) / std as in
/// the seed's X_norm.
struct SineOptions {
  std::size_t samples = 500;
  float low = -6.283185307f;  ///< -2 pi
  float high = 6.283185307f;  ///< +2 pi
  float noise = 0.0f;
  bool standardize_inputs = true;
};
Dataset sine(Rng& rng, const SineOptions& options = {});

/// Seed 002's line: x_i = start + i * step, y = weight x + bias + N(0, noise^2).
/// The defaults give the seed's x = 1, 2, 3, 4 and y = 2, 4, 6, 8.
struct LinearOptions {
  std::size_t samples = 4;
  float start = 1.0f;
  float step = 1.0f;
  float weight = 2.0f;
  float bias = 0.0f;
  float noise = 0.0f;
};
Dataset linear(Rng& rng, const LinearOptions& options = {});

/// A simplified scikit-learn make_classification (Guyon, 2003), seed 001's data. Each class owns
/// clusters_per_class Gaussian clusters centred on distinct vertices of the hypercube
/// [-class_sep, class_sep]^informative, each with a random covariance (X_k A_k, A_k ~ U(-1, 1));
/// redundant features are random linear combinations of the informative ones, repeated features
/// copy earlier ones, the rest are N(0, 1) noise. A flip_y fraction of labels is then drawn at
/// random, and rows (and, with shuffle, feature columns) are shuffled.
struct ClassificationOptions {
  std::size_t samples = 1000;
  std::size_t features = 20;
  std::size_t informative = 15;
  std::size_t redundant = 5;
  std::size_t repeated = 0;
  std::size_t classes = 3;
  std::size_t clusters_per_class = 2;
  float class_sep = 1.0f;
  float flip_y = 0.01f;
  bool shuffle = true;
};
Dataset classification(Rng& rng, const ClassificationOptions& options = {});

/// Interleaved spiral arms (the CS231n set, arms spread evenly): arm k has radius
/// r = linspace(0, 1) and angle t = 2 pi k / classes + linspace(0, 4) + N(0, noise^2), and its
/// points are (r sin t, r cos t).
struct SpiralOptions {
  std::size_t samples_per_class = 100;
  std::size_t classes = 3;
  float noise = 0.2f;
};
Dataset spiral(Rng& rng, const SpiralOptions& options = {});

/// Two interleaving half circles (scikit-learn's make_moons): class 0 the upper, class 1 the
/// lower, shifted one; N(0, noise^2) added to both coordinates.
struct MoonsOptions {
  std::size_t samples = 200;
  float noise = 0.1f;
};
Dataset moons(Rng& rng, const MoonsOptions& options = {});

/// Two concentric circles (scikit-learn's make_circles): class 0 of radius 1, class 1 of radius
/// factor; N(0, noise^2) added to both coordinates.
struct CirclesOptions {
  std::size_t samples = 200;
  float factor = 0.5f;
  float noise = 0.05f;
};
Dataset circles(Rng& rng, const CirclesOptions& options = {});

/// Generic settings for building a dataset by name; unset fields keep the generator's default.
/// `samples` is the total count (spread evenly over the classes of per-class generators).
struct GeneratorOptions {
  std::optional<std::size_t> samples = std::nullopt;
  std::optional<float> noise = std::nullopt;  ///< the generator's noise; for classification, flip_y
  /// blobs (means spread evenly from 1.0 down to 0.5), spiral, classification
  std::optional<std::size_t> classes = std::nullopt;
  std::optional<std::size_t> features = std::nullopt;  ///< blobs, classification
};

/// Names accepted by generate(): blobs, xor, sine, linear, classification, spiral, moons, circles.
const std::vector<std::string>& generator_names();
/// kClassification for the generators whose targets are class indices, kRegression for those of
/// values; throws naming the choices for an unknown name.
Task generator_task(const std::string& name);
/// Builds a dataset by name; throws naming the choices for an unknown name.
Dataset generate(const std::string& name, Rng& rng, const GeneratorOptions& options = {});

}  // namespace axon::data
