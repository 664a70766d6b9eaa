// Data sets from NumPy arrays: names looked up, shapes matched, labels checked as classes.
#include "axon/io/numpy_dataset.hpp"

#include <cmath>

#include "axon/io/npz_reader.hpp"
#include "axon/tensor/checked_arithmetic.hpp"
#include "axon/tensor/error.hpp"

namespace axon {
namespace {

constexpr float kMaxClass = 1 << 24;  // integers beyond are not exact as floats

const NpyArray& array_named(const std::map<std::string, NpyArray>& arrays, const std::string& name,
                            const std::string& path) {
  const auto it = arrays.find(name);
  if (it != arrays.end()) return it->second;
  std::string names;
  for (const auto& entry : arrays) names += (names.empty() ? "" : ", ") + printable(entry.first);
  throw Error(fmt::format(
      "'{}' has no array '{}' (it holds {}; expected x and y, or x_train, y_train, x_test and "
      "y_test, as numpy.savez(FILE, x=..., y=...) writes them)",
      path, name, names));
}

Dataset dataset(const NpyArray& x, const NpyArray& y, const std::string& path,
                const std::string& x_name, const std::string& y_name, Task task) {
  check(x.whole_rows == y.whole_rows, "'{}': {} has {} rows but {} has {}", path, x_name,
        x.whole_rows, y_name, y.whole_rows);
  Tensor inputs = npy_rows(x, path + ":" + x_name);
  Tensor targets = npy_rows(y, path + ":" + y_name);
  check(inputs.rows() == targets.rows(), "'{}': {} has {} rows but {} has {}", path, x_name,
        inputs.rows(), y_name, targets.rows());
  check(inputs.rows() > 0, "'{}': {} has no rows", path, x_name);
  if (task == Task::kClassification) {
    check(targets.cols() == 1,
          "'{}': {} has shape {}; class labels are one per row, shape (N) or (N, 1)", path, y_name,
          shape_text(y.shape));
    for (std::size_t i = 0; i < targets.rows(); ++i) {
      const float label = targets[i];
      check(label >= 0 && label < kMaxClass && std::floor(label) == label,
            "'{}': {} row {} is {}; class labels are whole numbers from 0 (or choose --task "
            "regression)",
            path, y_name, i, label);
    }
  }
  return Dataset(std::move(inputs), std::move(targets));
}

std::string describe(const std::string& name, const NpyArray& array) {
  return fmt::format("{} {} {}", name, shape_text(array.shape), array.integral ? "int" : "float");
}

}  // namespace

Tensor npy_rows(const NpyArray& array, const std::string& source) {
  check(!array.shape.empty(), "'{}' is a scalar; expected rows (N, ...)", source);
  const std::size_t n = array.shape[0];
  std::size_t columns = 1;
  for (std::size_t k = 1; k < array.shape.size(); ++k)
    columns = checked_values(columns, array.shape[k], fmt::format("'{}' row size", source));
  check(columns > 0, "'{}' has shape {}: rows of 0 values", source, shape_text(array.shape));
  Tensor rows(Shape{n, columns});
  std::copy(array.values.begin(), array.values.end(), rows.data());
  return rows;
}

NumpyData read_npz_dataset(const std::string& path, std::optional<Task> task, int part, int parts) {
  const std::map<std::string, NpyArray> arrays =
      parts > 1 ? read_npz_block(path, part, parts) : read_npz(path);
  const bool split = arrays.contains("x_train");
  const std::string x_name = split ? "x_train" : "x", y_name = split ? "y_train" : "y";
  const NpyArray& x = array_named(arrays, x_name, path);
  const NpyArray& y = array_named(arrays, y_name, path);
  NumpyData data;
  const bool one_label = y.shape.size() == 1 || (y.shape.size() == 2 && y.shape[1] == 1);
  data.task = task.value_or(y.integral && one_label ? Task::kClassification : Task::kRegression);
  data.train = dataset(x, y, path, x_name, y_name, data.task);
  data.sample_shape.assign(x.shape.begin() + 1, x.shape.end());
  data.description = describe(x_name, x) + ", " + describe(y_name, y);
  if (split) {
    const NpyArray& x_test = array_named(arrays, "x_test", path);
    const NpyArray& y_test = array_named(arrays, "y_test", path);
    check(x_test.shape.size() == x.shape.size() &&
              std::equal(x.shape.begin() + 1, x.shape.end(), x_test.shape.begin() + 1),
          "'{}': x_test has shape {} but x_train {}; samples must have one shape", path,
          shape_text(x_test.shape), shape_text(x.shape));
    data.test = dataset(x_test, y_test, path, "x_test", "y_test", data.task);
    check(data.test->targets.cols() == data.train.targets.cols(),
          "'{}': y_test has {} columns but y_train {}", path, data.test->targets.cols(),
          data.train.targets.cols());
  }
  return data;
}

}  // namespace axon
