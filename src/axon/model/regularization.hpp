// Regularization on a whole ParameterStore: the L2 penalty and clipping by global gradient norm.
//
//   L2:       L += lambda / 2 sum_W ||W||^2        dW += lambda W        (weights only by default)
//   clipping: n = ||g||_2 over the whole gradient block; g *= c / (n + 1e-6) when that is < 1
//             (torch.nn.utils.clip_grad_norm_)
#pragma once

#include <span>

#include "axon/tensor/parameter_store.hpp"

namespace axon {

/// lambda / 2 times the sum of squares of the penalized parameters: the weights, plus biases,
/// scales and shifts when `include_bias`. lambda must be >= 0.
double l2_penalty(const ParameterStore& store, float lambda, bool include_bias = false);

/// Adds lambda p to the gradient of every penalized parameter p and returns l2_penalty: the
/// penalty's value and gradient in one pass.
double add_l2_penalty(ParameterStore& store, float lambda, bool include_bias = false);

/// The L2 norm of `grads`, accumulated in double.
double global_norm(std::span<const float> grads);

/// Scales `grads` by max_norm / (norm + 1e-6) when that factor is below 1, so the norm becomes
/// max_norm (to the 1e-6), and leaves them untouched otherwise. Returns the norm before clipping.
/// max_norm must be > 0.
double clip_grad_norm(std::span<float> grads, float max_norm);

}  // namespace axon
