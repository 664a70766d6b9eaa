// Column sums and counts per rank, summed over the ranks (distributed::allreduce_sum in double).
#include "axon/train/shard_statistics.hpp"

#include <cmath>

#include "axon/tensor/error.hpp"
#include "axon/train/distributed.hpp"

namespace axon::distributed {

std::vector<double> column_means_over_ranks(const Tensor& inputs) {
  const std::size_t n = inputs.rows(), k = inputs.cols();
  std::vector<double> sums(2 * k, 0.0);  // k sums, then k counts
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < k; ++j)
      if (const float v = inputs(i, j); !std::isnan(v)) sums[j] += v, sums[k + j] += 1.0;
  allreduce_sum(sums);
  std::vector<double> means(k);
  for (std::size_t j = 0; j < k; ++j) {
    check(sums[k + j] > 0.0,
          "feature {} has no value in the training part of any rank (every cell is missing); "
          "--missing mean has nothing to fill in",
          j + 1);
    means[j] = sums[j] / sums[k + j];
  }
  return means;
}

data::Standardizer fit_over_ranks(const Tensor& inputs) {
  const std::size_t n = inputs.rows(), k = inputs.cols();
  std::vector<double> sums(k + 1, 0.0);  // k sums, then the row count
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < k; ++j) sums[j] += inputs(i, j);
  sums[k] = static_cast<double>(n);
  allreduce_sum(sums);
  const double rows = sums[k];
  check(rows > 0.0 && k > 0, "cannot standardize {} rows of {} features", rows, k);
  std::vector<double> squares(k, 0.0);
  for (std::size_t j = 0; j < k; ++j) sums[j] /= rows;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < k; ++j) {
      const double centred = inputs(i, j) - sums[j];
      squares[j] += centred * centred;
    }
  allreduce_sum(squares);
  std::vector<float> mean(k), stddev(k);
  for (std::size_t j = 0; j < k; ++j) {
    const double deviation = std::sqrt(squares[j] / rows);
    mean[j] = static_cast<float>(sums[j]);
    stddev[j] = deviation > 0.0 ? static_cast<float>(deviation) : 1.0f;
  }
  return data::Standardizer(std::move(mean), std::move(stddev));
}

}  // namespace axon::distributed
