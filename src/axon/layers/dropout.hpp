// Dropout: inverted dropout (Srivastava et al., "Dropout: A Simple Way to Prevent Neural Networks
// from Overfitting", JMLR 2014), as PyTorch's nn.Dropout. Active only when training.
//
//   training:    M_ij = 1 / (1 - p) with probability 1 - p, else 0      Y = X * M    dX = dY * M
//   evaluation:  Y = X                                                               dX = dY
//   X, Y, M: (N, features)
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "axon/layers/layer.hpp"

namespace axon {

class Dropout : public Layer {
 public:
  /// `p` is the probability of zeroing each element, in [0, 1).
  explicit Dropout(float p = 0.5f);

  static constexpr const char* kName = "dropout";
  static std::vector<ConfigField> config_fields() { return {{"p", ConfigKind::kReal}}; }
  static std::unique_ptr<Layer> from_config(const LayerConfig& config) {
    return std::make_unique<Dropout>(config.real("p"));
  }

  std::string name() const override { return kName; }
  LayerConfig config() const override { return {{"p", p_}}; }
  const Tensor& forward(const Tensor& x, bool training) override;
  const Tensor& backward(const Tensor& grad_output) override;
  /// Takes the mask stream's seed from the model's Rng.
  void seed_from(Rng& rng) override;

  float p() const { return p_; }
  /// Seeds the mask stream directly (a standalone layer starts from seed 0).
  void set_seed(std::uint64_t seed) { rng_ = Rng(seed); }
  /// The mask stream, which checkpoints save and restore.
  std::vector<Rng*> random_streams() override { return {&rng_}; }
  Rng& rng() { return rng_; }

 private:
  float p_;
  Rng rng_{0};
  bool identity_ = true;  // the last forward passed X through (evaluation or p = 0)
  Tensor mask_;
  Tensor output_;
  Tensor grad_input_;
};

}  // namespace axon
