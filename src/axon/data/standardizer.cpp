// Standardizer: statistics in double (two passes), transforms in float.
#include "axon/data/standardizer.hpp"

#include <cmath>
#include <utility>

#include "axon/tensor/error.hpp"

namespace axon::data {

Standardizer::Standardizer(std::vector<float> mean, std::vector<float> stddev)
    : mean_(std::move(mean)), stddev_(std::move(stddev)) {
  check(!mean_.empty(), "standardizer: the saved mean is empty");
  check(mean_.size() == stddev_.size(), "standardizer: {} means but {} standard deviations",
        mean_.size(), stddev_.size());
  for (std::size_t j = 0; j < stddev_.size(); ++j) {
    check(std::isfinite(mean_[j]), "standardizer: mean of feature {} must be finite, got {}", j,
          mean_[j]);
    check(std::isfinite(stddev_[j]) && stddev_[j] > 0.0f,
          "standardizer: std of feature {} must be > 0, got {}", j, stddev_[j]);
  }
}

void Standardizer::fit(const Tensor& inputs) {
  check(inputs.rows() > 0 && inputs.cols() > 0, "standardizer: cannot fit on an empty tensor {}",
        inputs.shape());
  const std::size_t n = inputs.rows(), d = inputs.cols();
  std::vector<double> sum(d, 0.0), squares(d, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const float* x = inputs.row(i);
    for (std::size_t j = 0; j < d; ++j) sum[j] += x[j];
  }
  for (double& s : sum) s /= static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i) {
    const float* x = inputs.row(i);
    for (std::size_t j = 0; j < d; ++j) {
      const double centred = x[j] - sum[j];
      squares[j] += centred * centred;
    }
  }
  mean_.resize(d);
  stddev_.resize(d);
  for (std::size_t j = 0; j < d; ++j) {
    const double stddev = std::sqrt(squares[j] / static_cast<double>(n));
    mean_[j] = static_cast<float>(sum[j]);
    stddev_[j] = stddev > 0.0 ? static_cast<float>(stddev) : 1.0f;
  }
}

void Standardizer::check_features(const Tensor& inputs, const char* what) const {
  check(fitted(), "standardizer: {} before fit", what);
  check(inputs.cols() == features(),
        "standardizer: fitted on {} features, cannot {} inputs of shape {}", features(), what,
        inputs.shape());
}

void Standardizer::transform(Tensor& inputs) const {
  check_features(inputs, "transform");
  for (std::size_t i = 0; i < inputs.rows(); ++i) {
    float* x = inputs.row(i);
    for (std::size_t j = 0; j < mean_.size(); ++j) x[j] = (x[j] - mean_[j]) / stddev_[j];
  }
}

void Standardizer::inverse_transform(Tensor& inputs) const {
  check_features(inputs, "inverse_transform");
  for (std::size_t i = 0; i < inputs.rows(); ++i) {
    float* x = inputs.row(i);
    for (std::size_t j = 0; j < mean_.size(); ++j) x[j] = x[j] * stddev_[j] + mean_[j];
  }
}

void Standardizer::fit_transform(Tensor& inputs) {
  fit(inputs);
  transform(inputs);
}

}  // namespace axon::data
