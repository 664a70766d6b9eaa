// Metrics: what Sequential::evaluate reports on a dataset.
#pragma once

#include <cstddef>
#include <optional>

namespace axon {

struct Metrics {
  double loss = 0.0;
  std::optional<double> accuracy;  ///< classification only, as a fraction in [0, 1]
  std::optional<double> mse;       ///< regression only
  std::optional<double> mae;       ///< regression only
  std::optional<double> r2;        ///< regression only: the coefficient of determination
  std::size_t samples = 0;
};

}  // namespace axon
