// fit from Python: the library's Trainer, with the GIL released while it trains. A Python hooks
// object (axon.callbacks) is called with the GIL taken back after every batch and epoch, and
// Ctrl-C is checked after every batch: KeyboardInterrupt ends the run there, the model keeping
// the weights of its last step (with data_parallel on several ranks, after the batch all ranks
// agree on).
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <pybind11/stl.h>

#include "axon/io/csv_logger.hpp"
#include "axon/tensor/error.hpp"
#include "axon/train/distributed.hpp"
#include "axon/train/early_stopping.hpp"
#include "axon/train/trainer.hpp"
#include "bindings.hpp"
#include "model.hpp"

namespace axon::python {

namespace py = pybind11;

namespace {

py::dict epoch_logs(const EpochRecord& record) {
  py::dict logs;
  logs["loss"] = record.loss;
  if (record.accuracy) logs["accuracy"] = *record.accuracy;
  if (record.val_loss) logs["val_loss"] = *record.val_loss;
  if (record.val_accuracy) logs["val_accuracy"] = *record.val_accuracy;
  logs["learning_rate"] = record.learning_rate;
  logs["seconds"] = record.seconds;
  return logs;
}

/// Calls the Python hooks: on_epoch_begin(epoch), on_batch_end(batch, batches, logs) when
/// `batches` is set, on_epoch_end(epoch, logs) -> True to stop. Epochs and batches are 0-based,
/// as Keras counts them.
class PythonHooks : public Callback {
 public:
  PythonHooks(py::object hooks, bool batches) : hooks_(std::move(hooks)), batches_(batches) {}

  void on_epoch_begin(Trainer& trainer, std::size_t epoch) override {
    py::gil_scoped_acquire gil;
    check_signals(trainer);
    if (!hooks_.is_none()) guarded(trainer, [&] { hooks_.attr("on_epoch_begin")(epoch - 1); });
  }
  void on_batch_end(Trainer& trainer, const BatchRecord& record) override {
    const bool call_hook = batches_ && !hooks_.is_none();
    // Taking the GIL back costs more than a small batch; without a batch hook it is taken for the
    // Ctrl-C check once every kSignalInterval, so an interrupt lands within that or one batch.
    const auto now = std::chrono::steady_clock::now();
    if (!call_hook && now - last_check_ < kSignalInterval) return;
    last_check_ = now;
    py::gil_scoped_acquire gil;
    check_signals(trainer);
    if (!call_hook) return;
    py::dict logs;
    logs["loss"] = record.mean_loss;
    if (record.accuracy) logs["accuracy"] = *record.accuracy;
    guarded(trainer, [&] { hooks_.attr("on_batch_end")(record.batch - 1, record.batches, logs); });
  }
  void on_epoch_end(Trainer& trainer, const EpochRecord& record) override {
    py::gil_scoped_acquire gil;
    check_signals(trainer);
    if (hooks_.is_none()) return;
    bool stop = false;
    guarded(trainer, [&] {
      stop = hooks_.attr("on_epoch_end")(record.epoch - 1, epoch_logs(record)).cast<bool>();
    });
    if (stop) trainer.request_stop("a callback asked to stop");
  }

  /// True when Ctrl-C stopped a data-parallel run: fit raises KeyboardInterrupt after it.
  bool interrupted() const { return interrupted_; }

 private:
  // Ctrl-C raises at once with one process; with several ranks it asks the trainer to stop after
  // a batch, which every rank agrees on, so that none is left waiting in an allreduce.
  void check_signals(Trainer& trainer) {
    guarded(trainer, [] {
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    });
  }
  // Runs `call`; a KeyboardInterrupt it raises (Ctrl-C landing in Python code) becomes the
  // agreed stop of a data-parallel run on several ranks.
  template <typename F>
  void guarded(Trainer& trainer, F&& call) {
    try {
      call();
    } catch (py::error_already_set& e) {
      if (!e.matches(PyExc_KeyboardInterrupt) || !trainer.options().data_parallel ||
          distributed::size() == 1)
        throw;
      interrupted_ = true;
      trainer.request_stop("KeyboardInterrupt", StopPoint::kAfterBatch);
    }
  }

  static constexpr std::chrono::milliseconds kSignalInterval{20};

  py::object hooks_;
  bool batches_;
  bool interrupted_ = false;
  std::chrono::steady_clock::time_point last_check_{};
};

struct FitSettings {
  std::size_t epochs = 1;
  std::size_t batch_size = 32;
  bool shuffle = true;
  double validation_split = 0.0;
  float l2 = 0.0f;
  std::size_t patience = 0;
  double min_delta = 0.0;
  std::string csv_path;
  bool data_parallel = false;  ///< under mpirun: each rank takes its share of every batch
};

py::list fit(Model& model, py::handle x, py::handle y, py::handle val_x, py::handle val_y,
             const FitSettings& settings, py::object hooks, bool batch_hooks) {
  check(model.net.loss() != nullptr, "fit: compile the model first");
  Matrix inputs = as_matrix(x, "x");
  Matrix targets = as_matrix(y, "y", Vector::kColumn);
  check(inputs.rows == targets.rows, "x and y have different numbers of samples: {} and {}",
        inputs.rows, targets.rows);
  // The one copy of the training set: the trainer gathers its batches from these tensors.
  const Dataset train(model.inputs(inputs), to_tensor(targets));
  std::optional<Dataset> validation;
  if (!val_x.is_none()) {
    Matrix vx = as_matrix(val_x, "validation x");
    Matrix vy = as_matrix(val_y, "validation y", Vector::kColumn);
    check(vx.rows == vy.rows, "validation x and y have different numbers of samples: {} and {}",
          vx.rows, vy.rows);
    validation.emplace(model.inputs(vx), to_tensor(vy));
  }
  auto guard = model.lock();
  TrainerOptions options{.epochs = settings.epochs,
                         .batch_size = settings.batch_size,
                         .shuffle = settings.shuffle,
                         .validation_split = settings.validation_split,
                         .validation_data = validation ? &*validation : nullptr,
                         .data_parallel = settings.data_parallel};
  options.step.l2 = settings.l2;
  Trainer trainer(model.net, options);
  PythonHooks python_hooks(std::move(hooks), batch_hooks);
  trainer.add(python_hooks);
  if (settings.patience > 0)
    trainer.add(std::make_unique<EarlyStopping>(
        EarlyStoppingOptions{.patience = settings.patience, .min_delta = settings.min_delta}));
  if (!settings.csv_path.empty()) trainer.add(std::make_unique<CsvLogger>(settings.csv_path));
  History history = [&] {
    py::gil_scoped_release release;
    return trainer.fit(train);
  }();
  if (python_hooks.interrupted()) {  // every rank stopped after the same batch
    PyErr_SetNone(PyExc_KeyboardInterrupt);
    throw py::error_already_set();
  }
  py::list out;
  for (const EpochRecord& record : history) out.append(epoch_logs(record));
  return out;
}

}  // namespace

void bind_training(py::module_& m) {
  py::class_<FitSettings>(m, "FitSettings")
      .def(py::init<>())
      .def_readwrite("epochs", &FitSettings::epochs)
      .def_readwrite("batch_size", &FitSettings::batch_size)
      .def_readwrite("shuffle", &FitSettings::shuffle)
      .def_readwrite("validation_split", &FitSettings::validation_split)
      .def_readwrite("l2", &FitSettings::l2)
      .def_readwrite("patience", &FitSettings::patience)
      .def_readwrite("min_delta", &FitSettings::min_delta)
      .def_readwrite("csv_path", &FitSettings::csv_path)
      .def_readwrite("data_parallel", &FitSettings::data_parallel);
  m.def("fit", &fit, py::arg("model"), py::arg("x"), py::arg("y"), py::arg("val_x"),
        py::arg("val_y"), py::arg("settings"), py::arg("hooks"), py::arg("batch_hooks"),
        "Trains `model` with the library's Trainer; returns each epoch's logs.");
}

}  // namespace axon::python
