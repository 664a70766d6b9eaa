// Statistics of a table whose rows are spread over the ranks (--shard): what one process computes
// from all rows, from each rank's sums gathered with an allreduce in double.
#pragma once

#include <vector>

#include "axon/data/standardizer.hpp"
#include "axon/tensor/tensor.hpp"

namespace axon::distributed {

/// Per column, the mean of the cells that are not NaN over every rank's rows of `inputs`; a column
/// with no such cell on any rank is an error naming it.
std::vector<double> column_means_over_ranks(const Tensor& inputs);

/// data::Standardizer::fit over every rank's rows: the means from the summed sums and counts, then
/// the population std from the summed squared deviations (the same two passes).
data::Standardizer fit_over_ranks(const Tensor& inputs);

}  // namespace axon::distributed
