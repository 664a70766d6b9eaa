// Model: what the Python class axon.Sequential drives. A Sequential with the preprocessing of the
// file it came from (pixel scaling and standardization that predict and evaluate apply to raw
// inputs, as `axon predict` does), and a lock so two threads never run it at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

#include "arrays.hpp"
#include "axon/io/preprocessing.hpp"
#include "axon/model/sequential.hpp"

namespace axon::python {

struct Model {
  explicit Model(Sequential network) : net(std::move(network)) {}

  Sequential net;
  Preprocessing preprocessing;
  /// False for a model made in Python: its inputs are used as given.
  bool has_preprocessing = false;
  /// The make_loss spec given to compile, or read from the file.
  std::string loss_spec;
  /// Held while the GIL is released over the model, so another thread cannot enter it; the
  /// thread holding it may (a callback during fit saving the model).
  std::recursive_mutex busy;

  /// Locks `busy`, or raises RuntimeError when another thread holds it.
  std::unique_lock<std::recursive_mutex> lock();
  /// The inputs as the network takes them: a copy of `x` with the preprocessing applied.
  Tensor inputs(const Matrix& x) const;
};

}  // namespace axon::python
