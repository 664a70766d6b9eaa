// axon: everything in one include.
#pragma once

#include "axon/data/data_loader.hpp"
#include "axon/data/dataset.hpp"
#include "axon/layers/activations.hpp"
#include "axon/layers/dense.hpp"
#include "axon/layers/initializer.hpp"
#include "axon/layers/layer.hpp"
#include "axon/losses/loss.hpp"
#include "axon/model/history.hpp"
#include "axon/model/parameter_store.hpp"
#include "axon/model/sequential.hpp"
#include "axon/optimizers/optimizer.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/gemm.hpp"
#include "axon/tensor/rng.hpp"
#include "axon/tensor/runtime.hpp"
#include "axon/tensor/tensor.hpp"
