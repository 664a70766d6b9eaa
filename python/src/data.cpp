// The synthetic datasets (data/generators.hpp) and the IDX reader, as NumPy arrays: inputs
// (N, features) float32; targets (N,) int64 class indices for classification, (N, 1) float32
// values for regression.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "arrays.hpp"
#include "axon/data/generators.hpp"
#include "axon/io/idx_reader.hpp"
#include "bindings.hpp"

namespace axon::python {

namespace py = pybind11;

namespace {

py::array_t<std::int64_t> class_indices(const Tensor& targets) {
  py::array_t<std::int64_t> out(static_cast<py::ssize_t>(targets.rows()));
  std::int64_t* values = out.mutable_data();
  for (std::size_t i = 0; i < targets.rows(); ++i)
    values[i] = static_cast<std::int64_t>(targets(i, 0));
  return out;
}

py::tuple arrays(const Dataset& data, Task task) {
  if (task == Task::kClassification)
    return py::make_tuple(to_array(data.inputs), class_indices(data.targets));
  return py::make_tuple(to_array(data.inputs), to_array(data.targets));
}

}  // namespace

void bind_data(py::module_& m) {
  m.def(
      "generate",
      [](const std::string& name, std::uint64_t seed, std::optional<std::size_t> samples,
         std::optional<float> noise, std::optional<std::size_t> classes,
         std::optional<std::size_t> features) {
        const Task task = data::generator_task(name);
        Rng rng(seed);
        Dataset d = data::generate(
            name, rng,
            {.samples = samples, .noise = noise, .classes = classes, .features = features});
        return arrays(d, task);
      },
      py::arg("name"), py::arg("seed"), py::arg("samples") = py::none(),
      py::arg("noise") = py::none(), py::arg("classes") = py::none(),
      py::arg("features") = py::none());
  m.def(
      "xor",
      [](std::size_t copies, float noise, std::uint64_t seed) {
        Rng rng(seed);
        return arrays(data::xor_gate(rng, {.copies = copies, .noise = noise}),
                      Task::kClassification);
      },
      py::arg("copies"), py::arg("noise"), py::arg("seed"));
  m.def(
      "sine",
      [](std::size_t samples, float low, float high, float noise, bool standardize,
         std::uint64_t seed) {
        Rng rng(seed);
        return arrays(data::sine(rng, {.samples = samples,
                                       .low = low,
                                       .high = high,
                                       .noise = noise,
                                       .standardize_inputs = standardize}),
                      Task::kRegression);
      },
      py::arg("samples"), py::arg("low"), py::arg("high"), py::arg("noise"), py::arg("standardize"),
      py::arg("seed"));
  m.def(
      "spiral",
      [](std::size_t samples_per_class, std::size_t classes, float noise, std::uint64_t seed) {
        Rng rng(seed);
        return arrays(
            data::spiral(
                rng, {.samples_per_class = samples_per_class, .classes = classes, .noise = noise}),
            Task::kClassification);
      },
      py::arg("samples_per_class"), py::arg("classes"), py::arg("noise"), py::arg("seed"));
  m.def(
      "moons",
      [](std::size_t samples, float noise, std::uint64_t seed) {
        Rng rng(seed);
        return arrays(data::moons(rng, {.samples = samples, .noise = noise}),
                      Task::kClassification);
      },
      py::arg("samples"), py::arg("noise"), py::arg("seed"));
  m.def(
      "circles",
      [](std::size_t samples, float factor, float noise, std::uint64_t seed) {
        Rng rng(seed);
        return arrays(data::circles(rng, {.samples = samples, .factor = factor, .noise = noise}),
                      Task::kClassification);
      },
      py::arg("samples"), py::arg("factor"), py::arg("noise"), py::arg("seed"));
  m.def(
      "make_classification",
      [](const data::ClassificationOptions& options, std::uint64_t seed) {
        Rng rng(seed);
        return arrays(data::classification(rng, options), Task::kClassification);
      },
      py::arg("options"), py::arg("seed"));
  py::class_<data::ClassificationOptions>(m, "ClassificationOptions")
      .def(py::init<>())
      .def_readwrite("samples", &data::ClassificationOptions::samples)
      .def_readwrite("features", &data::ClassificationOptions::features)
      .def_readwrite("informative", &data::ClassificationOptions::informative)
      .def_readwrite("redundant", &data::ClassificationOptions::redundant)
      .def_readwrite("repeated", &data::ClassificationOptions::repeated)
      .def_readwrite("classes", &data::ClassificationOptions::classes)
      .def_readwrite("clusters_per_class", &data::ClassificationOptions::clusters_per_class)
      .def_readwrite("class_sep", &data::ClassificationOptions::class_sep)
      .def_readwrite("flip_y", &data::ClassificationOptions::flip_y)
      .def_readwrite("shuffle", &data::ClassificationOptions::shuffle);
  m.def(
      "read_idx_dataset",
      [](const std::string& images, const std::string& labels) {
        Dataset d = [&] {
          py::gil_scoped_release release;
          return read_idx_dataset(images, labels);
        }();
        return arrays(d, Task::kClassification);
      },
      py::arg("images"), py::arg("labels"),
      "Images as (N, rows * cols) float32 pixels in [0, 1] and labels as (N,) int64.");
}

}  // namespace axon::python
