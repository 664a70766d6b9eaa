// The parts of the extension module _core, one function per concern, called by module.cpp.
#pragma once

#include <pybind11/pybind11.h>

namespace axon::python {

/// axon::Error as axon.Error (a ValueError), a missing file as FileNotFoundError.
void bind_errors(pybind11::module_& m);
/// Model: a Sequential with its preprocessing; layers, compile, predict, evaluate, save, load.
void bind_model(pybind11::module_& m);
/// The optimizer and loss names the library knows, and their default settings.
void bind_registries(pybind11::module_& m);
/// fit: the Trainer with Python callbacks.
void bind_training(pybind11::module_& m);
/// Threads and precision of the matrix products.
void bind_runtime(pybind11::module_& m);
/// The synthetic datasets and the IDX reader.
void bind_data(pybind11::module_& m);
/// distributed_init, distributed_rank, ...: data-parallel training over MPI.
void bind_distributed(pybind11::module_& m);

}  // namespace axon::python
