// The Model class of _core: building, compiling, predicting, evaluating, saving and loading.
#include "model.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "axon/data/dataset.hpp"
#include "axon/io/model_file.hpp"
#include "axon/layers/activations.hpp"
#include "axon/layers/layer_config.hpp"
#include "axon/layers/layer_registry.hpp"
#include "axon/losses/loss.hpp"
#include "axon/model/frozen_weights.hpp"
#include "axon/optimizers/optimizer_registry.hpp"
#include "axon/tensor/error.hpp"
#include "bindings.hpp"

namespace axon::python {

namespace py = pybind11;

std::unique_lock<std::recursive_mutex> Model::lock() {
  std::unique_lock<std::recursive_mutex> guard(busy, std::try_to_lock);
  if (!guard.owns_lock())
    throw std::runtime_error("the model is in use by another thread (fit, predict or evaluate)");
  return guard;
}

Tensor Model::inputs(const Matrix& x) const {
  Tensor t = to_tensor(x);
  if (has_preprocessing) preprocessing.apply(t);
  return t;
}

namespace {

ConfigValue to_config_value(const py::handle& value) {
  if (py::isinstance<py::bool_>(value)) return value.cast<bool>();
  if (py::isinstance<py::int_>(value)) {
    const long long n = value.cast<long long>();
    check(n >= 0, "layer settings that count must be >= 0, got {}", n);
    return static_cast<std::uint64_t>(n);
  }
  if (py::isinstance<py::float_>(value)) return value.cast<float>();
  if (py::isinstance<py::str>(value)) return value.cast<std::string>();
  throw py::type_error("layer settings are int, float, bool or str, got " +
                       std::string(py::str(py::type::handle_of(value))));
}

py::object from_config_value(const ConfigValue& value) {
  return std::visit([](const auto& v) -> py::object { return py::cast(v); }, value);
}

/// A Dataset made of copies of x (preprocessed) and y (standardized when the model's targets were).
Dataset dataset(Model& model, py::handle x, py::handle y) {
  Matrix inputs = as_matrix(x, "x");
  Matrix targets = as_matrix(y, "y", Vector::kColumn);
  check(inputs.rows == targets.rows, "x and y have different numbers of samples: {} and {}",
        inputs.rows, targets.rows);
  Tensor t = to_tensor(targets);
  // A regression model trained by `axon train` learned standardized targets.
  if (model.has_preprocessing && t.cols() == model.preprocessing.target_mean.size())
    model.preprocessing.scale_targets(t);
  return Dataset(model.inputs(inputs), std::move(t));
}

/// Outputs for every row of `x`, batch by batch: each batch's rows are copied straight from the
/// array, checked for NaN while they are in cache (one pass over the input, not two), preprocessed
/// when the model has preprocessing, and its outputs written straight into the result.
py::array_t<float> predict(Model& model, py::handle x_object, std::size_t batch_size) {
  check(batch_size > 0, "batch_size must be > 0, got {}", batch_size);
  const Matrix x = as_matrix(x_object, "x", Vector::kRefuse, Finite::kCallerChecks);
  auto guard = model.lock();
  Sequential& net = model.net;
  net.build(x.cols);
  check(x.cols == net.input_features(), "predict: the model takes {} input features, got {}",
        net.input_features(), x.cols);
  py::array_t<float> result(
      {static_cast<py::ssize_t>(x.rows), static_cast<py::ssize_t>(net.output_features())});
  float* out = result.mutable_data();
  {
    py::gil_scoped_release release;
    const FrozenWeights frozen(net);  // one packing of each weight for all batches
    Tensor batch;
    for (std::size_t start = 0; start < x.rows; start += batch_size) {
      const std::size_t n = std::min(batch_size, x.rows - start);
      batch.resize(Shape{n, x.cols});
      std::memcpy(batch.data(), x.row(start), n * x.cols * sizeof(float));
      check_finite_rows(batch.data(), start, n, x.cols, "x");
      if (model.has_preprocessing) model.preprocessing.apply(batch);
      Tensor y = net.forward(batch, false);
      if (model.has_preprocessing) model.preprocessing.restore_targets(y);  // regression units
      std::memcpy(out + start * y.cols(), y.data(), y.size() * sizeof(float));
    }
  }
  return result;
}

py::dict evaluate(Model& model, py::handle x, py::handle y, std::size_t batch_size) {
  check(model.net.loss() != nullptr, "evaluate: compile the model first");
  Dataset data = dataset(model, x, y);
  auto guard = model.lock();
  auto metrics = [&] {
    py::gil_scoped_release release;
    return model.net.evaluate(data, batch_size);
  }();
  py::dict out;
  out["loss"] = metrics.loss;
  if (metrics.accuracy) out["accuracy"] = *metrics.accuracy;
  if (metrics.mse) out["mse"] = *metrics.mse;
  if (metrics.mae) out["mae"] = *metrics.mae;
  if (metrics.r2) out["r2"] = *metrics.r2;
  return out;
}

void compile(Model& model, const std::string& loss, const std::string& optimizer,
             float learning_rate, const std::map<std::string, double>& settings) {
  HyperParameters hyper(settings.begin(), settings.end());
  auto optimizer_object = OptimizerRegistry::global().make(optimizer, learning_rate, hyper);
  auto loss_object = make_loss(loss);
  auto guard = model.lock();
  model.net.compile(std::move(loss_object), std::move(optimizer_object));
  model.loss_spec = loss;
}

void save(Model& model, const std::string& path,
          const std::vector<std::pair<std::string, std::string>>& metadata) {
  auto guard = model.lock();
  Sequential& net = model.net;
  check(net.built(), "save: the model is not built yet (fit, predict or build it first)");
  check(net.loss() != nullptr, "save: compile the model first (the file records its loss)");
  ModelInfo info;
  info.loss = model.loss_spec;
  info.metadata = metadata;
  if (model.has_preprocessing) {
    info.preprocessing = model.preprocessing;
  } else {
    info.preprocessing.task = net.loss()->task();
    info.preprocessing.classes = info.preprocessing.task == Task::kClassification
                                     ? std::max<std::size_t>(net.output_features(), 2)
                                     : 0;
  }
  save_model(path, net, info);
}

std::unique_ptr<Model> load(const std::string& path) {
  LoadedModel loaded = [&] {
    py::gil_scoped_release release;
    return load_model(path);
  }();
  auto model = std::make_unique<Model>(std::move(loaded.model));
  model->preprocessing = loaded.info.preprocessing;
  model->has_preprocessing = true;
  model->loss_spec = model->net.loss() != nullptr ? model->net.loss()->spec() : loaded.info.loss;
  return model;
}

/// Each layer as (label, type, settings, parameter count).
py::list layers(Model& model) {
  py::list out;
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < model.net.size(); ++i) {
    Layer& layer = model.net.layer(i);
    py::dict config;
    const LayerConfig settings = layer.config();
    for (const auto& entry : settings.values())
      config[py::str(entry.first)] = from_config_value(entry.second);
    const std::string label = layer.name() + "_" + std::to_string(++seen[layer.name()]);
    out.append(py::make_tuple(label, layer.name(), config, layer.parameter_count()));
  }
  return out;
}

/// (name, array copy) of every parameter, or with `buffers` of every buffer, in store order.
py::list tensors(Model& model, bool buffers) {
  auto guard = model.lock();
  model.net.build();
  py::list out;
  if (!buffers) {
    for (auto& [name, parameter] : model.net.named_parameters())
      out.append(py::make_tuple(name, to_array(parameter->value, parameter->shape)));
    return out;
  }
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < model.net.size(); ++i) {
    Layer& layer = model.net.layer(i);
    const std::string label = layer.name() + "_" + std::to_string(++seen[layer.name()]);
    std::vector<Tensor*> list = layer.buffers();
    for (std::size_t b = 0; b < list.size(); ++b)
      out.append(py::make_tuple(label + "." + layer.buffer_name(b),
                                to_array(list[b]->data(), list[b]->shape())));
  }
  return out;
}

/// Copies `values` into the parameter at `index` (store order); the shape must match.
void set_parameter(Model& model, std::size_t index, py::handle values) {
  auto guard = model.lock();
  auto named = model.net.named_parameters();
  check(index < named.size(), "set_weights: the model has {} parameters, got index {}",
        named.size(), index);
  Parameter& p = *named[index].second;
  py::array array = py::array::ensure(values);
  if (!array) throw py::type_error("set_weights: expected arrays of numbers");
  FloatArray floats = FloatArray::ensure(array);
  if (!floats) throw py::error_already_set();
  std::vector<std::size_t> dims(floats.shape(), floats.shape() + floats.ndim());
  bool same = dims.size() == p.shape.rank();
  for (std::size_t i = 0; same && i < dims.size(); ++i) same = dims[i] == p.shape[i];
  if (!same) {
    std::string got;
    for (std::size_t d : dims) got += (got.empty() ? "" : ", ") + std::to_string(d);
    throw Error(
        fmt::format("set_weights: {} has shape {}, got ({})", named[index].first, p.shape, got));
  }
  check(all_finite({floats.data(), p.size()}), "set_weights: {} holds NaN or infinite values",
        named[index].first);
  std::copy_n(floats.data(), p.size(), p.value);
}

}  // namespace

void bind_model(py::module_& m) {
  py::class_<Model>(m, "Model", "A Sequential network; see axon.Sequential.")
      .def(py::init([](std::uint64_t seed) { return std::make_unique<Model>(Sequential(seed)); }),
           py::arg("seed") = 42)
      .def_static(
          "mlp",
          [](const std::vector<std::size_t>& sizes, const std::string& activation,
             const std::string& output, std::uint64_t seed, bool batchnorm,
             const std::vector<float>& dropout) {
            return std::make_unique<Model>(Sequential::mlp(sizes, {.activation = activation,
                                                                   .output = output,
                                                                   .seed = seed,
                                                                   .batchnorm = batchnorm,
                                                                   .dropout = dropout}));
          },
          py::arg("sizes"), py::arg("activation"), py::arg("output"), py::arg("seed"),
          py::arg("batchnorm"), py::arg("dropout"))
      .def(
          "add_layer",
          [](Model& model, const std::string& type, const py::dict& settings) {
            LayerConfig config;
            for (auto item : settings)
              config.set(item.first.cast<std::string>(), to_config_value(item.second));
            auto guard = model.lock();
            check(!model.net.built(), "layers cannot be added to a model already built");
            model.net.add(LayerRegistry::global().make(type, config));
          },
          py::arg("type"), py::arg("settings"))
      .def(
          "add_activation",
          [](Model& model, const std::string& name) {
            auto guard = model.lock();
            check(!model.net.built(), "layers cannot be added to a model already built");
            model.net.add(make_activation(name));
          },
          py::arg("name"))
      .def(
          "build",
          [](Model& model, std::size_t input_features) {
            auto guard = model.lock();
            model.net.build(input_features);
          },
          py::arg("input_features") = 0)
      .def_property_readonly("built", [](Model& model) { return model.net.built(); })
      .def_property_readonly("input_features",
                             [](Model& model) { return model.net.input_features(); })
      .def_property_readonly("output_features",
                             [](Model& model) { return model.net.output_features(); })
      .def_property_readonly("parameter_count",
                             [](Model& model) { return model.net.parameter_count(); })
      .def_property_readonly("seed", [](Model& model) { return model.net.seed(); })
      .def_property_readonly("compiled", [](Model& model) { return model.net.loss() != nullptr; })
      .def_property_readonly("loss", [](Model& model) { return model.loss_spec; })
      .def_property_readonly("is_classification",
                             [](Model& model) {
                               check(model.net.loss() != nullptr, "compile the model first");
                               return model.net.loss()->is_classification();
                             })
      .def_property_readonly("decision_threshold",
                             [](Model& model) {
                               check(model.net.loss() != nullptr, "compile the model first");
                               return model.net.loss()->decision_threshold();
                             })
      .def_property_readonly("optimizer",
                             [](Model& model) -> py::object {
                               Optimizer* o = model.net.optimizer();
                               if (o == nullptr) return py::none();
                               return py::make_tuple(o->name(), o->learning_rate(),
                                                     o->hyper_parameters());
                             })
      .def_property(
          "learning_rate",
          [](Model& model) {
            check(model.net.optimizer() != nullptr, "compile the model first");
            return model.net.optimizer()->learning_rate();
          },
          [](Model& model, float rate) {
            check(model.net.optimizer() != nullptr, "compile the model first");
            model.net.optimizer()->set_learning_rate(rate);
          })
      .def_property_readonly("preprocessing",
                             [](Model& model) -> py::object {
                               if (!model.has_preprocessing) return py::none();
                               const Preprocessing& p = model.preprocessing;
                               py::dict d;
                               d["task"] = p.task == Task::kClassification ? "classification"
                                                                           : "regression";
                               d["classes"] = p.classes;
                               d["pixel_scale"] = p.pixel_scale;
                               d["mean"] = p.mean;
                               d["stddev"] = p.stddev;
                               return d;
                             })
      .def("compile", &compile, py::arg("loss"), py::arg("optimizer"), py::arg("learning_rate"),
           py::arg("settings"))
      .def("predict", &predict, py::arg("x"), py::arg("batch_size") = 256)
      .def("evaluate", &evaluate, py::arg("x"), py::arg("y"), py::arg("batch_size") = 256)
      .def("summary",
           [](Model& model) {
             auto guard = model.lock();
             return model.net.summary();
           })
      .def("save", &save, py::arg("path"), py::arg("metadata"))
      .def_static("load", &load, py::arg("path"))
      .def("layers", &layers)
      .def("parameters", [](Model& model) { return tensors(model, false); })
      .def("buffers", [](Model& model) { return tensors(model, true); })
      .def("set_parameter", &set_parameter, py::arg("index"), py::arg("values"));

  m.def(
      "_time_predict",
      [](Model& model, py::handle x_object, std::size_t batch_size, std::size_t repeats) {
        const Matrix x = as_matrix(x_object, "x");
        const Tensor inputs = to_tensor(x);
        auto guard = model.lock();
        py::gil_scoped_release release;
        std::vector<double> seconds;
        for (std::size_t i = 0; i < repeats; ++i) {
          const auto start = std::chrono::steady_clock::now();
          Tensor out = model.net.predict(inputs, batch_size);
          seconds.push_back(
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
        std::sort(seconds.begin(), seconds.end());
        return seconds.empty() ? 0.0 : seconds[seconds.size() / 2];
      },
      py::arg("model"), py::arg("x"), py::arg("batch_size"), py::arg("repeats"),
      "The median time of the C++ Sequential::predict on `x`, for bench/python_fit.py.");
  m.def(
      "_matrix_address",
      [](py::handle x) {
        return reinterpret_cast<std::uintptr_t>(as_matrix(x, "x", Vector::kColumn).data());
      },
      "The address of the floats the library reads for `x` (tests check it is x's own).");
}

}  // namespace axon::python
