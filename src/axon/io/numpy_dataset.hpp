// Data sets from NumPy arrays: an .npz holding x and y (one set, split by the caller) or x_train,
// y_train, x_test and y_test (a separate test set), and .npy inputs for prediction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "axon/data/dataset.hpp"
#include "axon/io/npy_reader.hpp"
#include "axon/metrics/task.hpp"

namespace axon {

struct NumpyData {
  Dataset train;
  std::optional<Dataset> test;  ///< from x_test and y_test
  Task task = Task::kRegression;
  std::vector<std::size_t> sample_shape;  ///< x's shape past the first axis ({28, 28}, {3})
  std::string description;                ///< "x 150 x 4 float64, y 150 int64"
};

/// Reads the .npz archive at `path`. Without `task`, integer or bool labels (N) or (N, 1) make a
/// classification, floats a regression. Errors name the file and the array.
/// With `parts` > 1, only block `part` of the rows of each array is read (read_npz_block).
NumpyData read_npz_dataset(const std::string& path, std::optional<Task> task = std::nullopt,
                           int part = 0, int parts = 1);

/// `array` (N, ...) as an (N, product of the rest) tensor; (N) becomes (N, 1). `source` names
/// the file and array in errors.
Tensor npy_rows(const NpyArray& array, const std::string& source);

}  // namespace axon
