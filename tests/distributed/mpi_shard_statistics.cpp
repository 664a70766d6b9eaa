// Run under mpirun: each rank holds its block of a table (--shard); the standardization fitted
// over the ranks (distributed::fit_over_ranks) must be the one data::Standardizer fits on all rows
// in one process, and the means of the cells that are not missing (column_means_over_ranks) those
// of all rows. Sums in another order: equal to 1e-6 relative, not bit for bit.
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

#include "axon/data/standardizer.hpp"
#include "axon/train/distributed.hpp"
#include "axon/train/shard_statistics.hpp"

namespace {

constexpr std::size_t kRows = 257, kColumns = 4;

// Columns of other scales and offsets; every 7th cell of column 1 missing (NaN).
axon::Tensor make_table(bool missing) {
  axon::Tensor x(axon::Shape{kRows, kColumns});
  std::uint64_t state = 99;
  for (std::size_t i = 0; i < kRows; ++i)
    for (std::size_t j = 0; j < kColumns; ++j) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      const float v = static_cast<float>((state >> 40) % 10001) / 1000.0f;
      x(i, j) = v * static_cast<float>(j * j + 1) + 100.0f * static_cast<float>(j);
      if (missing && j == 1 && i % 7 == 3) x(i, j) = std::numeric_limits<float>::quiet_NaN();
    }
  return x;
}

axon::Tensor block_of(const axon::Tensor& x, int rank, int ranks) {
  const axon::distributed::Share mine = axon::distributed::block(x.rows(), rank, ranks);
  axon::Tensor out(axon::Shape{mine.count, x.cols()});
  for (std::size_t i = 0; i < mine.count; ++i)
    for (std::size_t j = 0; j < x.cols(); ++j) out(i, j) = x(mine.begin + i, j);
  return out;
}

double relative(double a, double b) { return std::fabs(a - b) / std::max(std::fabs(b), 1e-30); }

}  // namespace

int main(int argc, char** argv) {
  axon::distributed::init(&argc, &argv);
  const int rank = axon::distributed::rank(), ranks = axon::distributed::size();
  const axon::Tensor whole = make_table(false);
  axon::data::Standardizer alone;
  alone.fit(whole);
  const axon::data::Standardizer spread =
      axon::distributed::fit_over_ranks(block_of(whole, rank, ranks));
  double worst = 0;
  for (std::size_t j = 0; j < kColumns; ++j) {
    worst = std::max(worst, relative(spread.mean()[j], alone.mean()[j]));
    worst = std::max(worst, relative(spread.stddev()[j], alone.stddev()[j]));
  }
  const axon::Tensor holes = make_table(true);
  const std::vector<double> means =
      axon::distributed::column_means_over_ranks(block_of(holes, rank, ranks));
  for (std::size_t j = 0; j < kColumns; ++j) {
    double sum = 0, count = 0;
    for (std::size_t i = 0; i < kRows; ++i)
      if (!std::isnan(holes(i, j))) sum += holes(i, j), ++count;
    worst = std::max(worst, relative(means[j], sum / count));
  }
  std::printf("rank %d of %d: statistics over the ranks vs one process: worst relative %.3g\n",
              rank, ranks, worst);
  axon::distributed::finalize();
  return ranks > 1 && worst <= 1e-6 ? 0 : 1;
}
