// A model's weights as NumPy arrays under PyTorch's state_dict names: layer i of the model is
// module i of the equivalent nn.Sequential (activations and dropout included, so the indices
// agree), Dense gives "i.weight" (out, in) and "i.bias", BatchNorm "i.weight", "i.bias",
// "i.running_mean", "i.running_var" and "i.num_batches_tracked" (a 0-d int64, as BatchNorm1d
// keeps). Preprocessing is not part of a state_dict and stays out.
#pragma once

#include <string>
#include <vector>

#include "axon/io/npz.hpp"
#include "axon/model/sequential.hpp"

namespace axon {

/// The model's parameters and buffers as state_dict arrays, in layer order.
std::vector<NamedArray> state_dict_arrays(Sequential& model);

/// Writes state_dict_arrays to `path` as an .npz archive, atomically.
void export_npz(const std::string& path, Sequential& model);

/// Sets the model's parameters and buffers (built already, with the layers the weights were made
/// for) from state_dict arrays. Every name the model needs must be there with its exact shape,
/// every value finite (variances >= 0), and no array left over: otherwise axon::Error names the
/// array, and the model is left unchanged.
void load_state_dict_arrays(Sequential& model, const std::vector<NamedArray>& arrays,
                            const std::string& source);

/// load_state_dict_arrays from an .npz file.
void import_npz(const std::string& path, Sequential& model);

}  // namespace axon
