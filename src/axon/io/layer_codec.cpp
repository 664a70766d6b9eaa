// Layer codec: each known layer type's configuration, written and read in the same order.
#include "axon/io/layer_codec.hpp"

#include "axon/io/memory_budget.hpp"

#include "axon/layers/activations.hpp"
#include "axon/layers/batch_norm.hpp"
#include "axon/layers/dense.hpp"
#include "axon/layers/dropout.hpp"
#include "axon/tensor/error.hpp"

namespace axon {
namespace {

constexpr std::uint32_t kMaxLayers = 1u << 16;
constexpr std::uint64_t kMaxFeatures = std::uint64_t{1} << 32;  // bounds weights per dense layer

bool is_plain_activation(const std::string& type) {
  return type == "relu" || type == "sigmoid" || type == "tanh" || type == "identity" ||
         type == "gelu" || type == "softplus" || type == "softmax";
}

void write_layer(ByteWriter& out, Layer& layer) {
  const std::string type = layer.name();
  out.string(type);
  if (auto* dense = dynamic_cast<Dense*>(&layer)) {
    out.u64(dense->in_features());
    out.u64(dense->out_features());
    out.u8(dense->has_bias() ? 1 : 0);
  } else if (auto* norm = dynamic_cast<BatchNorm*>(&layer)) {
    out.u64(norm->features());
    out.f32(norm->options().eps);
    out.f32(norm->options().momentum);
  } else if (auto* dropout = dynamic_cast<Dropout*>(&layer)) {
    out.f32(dropout->p());
  } else if (auto* leaky = dynamic_cast<LeakyReLU*>(&layer)) {
    out.f32(leaky->negative_slope());
  } else if (auto* elu = dynamic_cast<ELU*>(&layer)) {
    out.f32(elu->alpha());
  } else if (!is_plain_activation(type)) {
    throw Error(fmt::format(
        "cannot save a '{}' layer: the model format knows dense, batch_norm, dropout and "
        "activation layers",
        type));
  }
}

// Memory a saved value costs once loaded: a parameter's value and gradient, in the layer's store
// and again in the model's, and batch norm's double-precision statistics per feature.
constexpr std::uint64_t kBytesPerSavedValue = 24;

// Counts `values` floats against what the file can hold, and against the memory available,
// before a layer allocates them: a damaged header fails here, not in an out-of-memory kill.
void spend(ByteReader& in, std::uint64_t& budget, std::uint64_t& spent, std::uint64_t values,
           const std::string& layer) {
  if (values > budget)
    in.fail(fmt::format("{} needs {} weights, more than the file holds", layer, values));
  budget -= values;
  spent += values;
  check_fits_in_memory(spent * kBytesPerSavedValue, in.source(), layer);
}

std::unique_ptr<Layer> read_layer(ByteReader& in, std::uint64_t& budget, std::uint64_t& spent) {
  const std::string type = in.string("layer type");
  if (type == "dense") {
    const std::uint64_t in_features = in.u64("dense in_features");
    const std::uint64_t out_features = in.u64("dense out_features");
    const bool bias = in.u8("dense bias flag") != 0;
    if (in_features == 0 || out_features == 0 || in_features > kMaxFeatures ||
        out_features > kMaxFeatures / in_features)
      in.fail(fmt::format("dense layer sizes {} x {} are invalid", in_features, out_features));
    spend(in, budget, spent, in_features * out_features + (bias ? out_features : 0),
          fmt::format("a dense layer of {} x {}", in_features, out_features));
    return std::make_unique<Dense>(in_features, out_features, DenseOptions{.bias = bias});
  }
  if (type == "batch_norm") {
    const std::uint64_t features = in.u64("batch_norm features");
    const float eps = in.f32("batch_norm eps");
    const float momentum = in.f32("batch_norm momentum");
    if (features == 0 || features > kMaxFeatures)
      in.fail(fmt::format("batch_norm size {} is invalid", features));
    spend(in, budget, spent, 4 * features, fmt::format("a batch_norm layer of {}", features));
    return std::make_unique<BatchNorm>(features,
                                       BatchNormOptions{.eps = eps, .momentum = momentum});
  }
  if (type == "dropout") return std::make_unique<Dropout>(in.f32("dropout probability"));
  if (type == "leaky_relu") return std::make_unique<LeakyReLU>(in.f32("leaky_relu slope"));
  if (type == "elu") return std::make_unique<ELU>(in.f32("elu alpha"));
  if (is_plain_activation(type)) return make_activation(type);
  in.fail(fmt::format("unknown layer type '{}' in the architecture", type));
}

}  // namespace

void write_architecture(ByteWriter& out, Sequential& model) {
  model.build();
  out.u64(model.input_features());
  out.u32(static_cast<std::uint32_t>(model.size()));
  for (std::size_t i = 0; i < model.size(); ++i) write_layer(out, model.layer(i));
}

Sequential read_architecture(ByteReader& in, std::uint64_t seed, std::uint64_t max_values) {
  const std::uint64_t input_features = in.u64("input features");
  const std::uint32_t count = in.u32("layer count");
  if (count == 0 || count > kMaxLayers) in.fail(fmt::format("invalid layer count {}", count));
  if (input_features == 0 || input_features > kMaxFeatures)
    in.fail(fmt::format("invalid input size {}", input_features));
  Sequential model(seed);
  std::uint64_t budget = max_values, spent = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    try {
      model.add(read_layer(in, budget, spent));
    } catch (const Error& e) {  // a layer's constructor rejecting a damaged setting
      const std::string message = e.what();
      if (message.starts_with("'")) throw;  // already names the file
      in.fail(fmt::format("layer {}: {}", i + 1, message));
    }
  }
  try {
    model.build(input_features);
  } catch (const Error& e) {
    in.fail(fmt::format("the saved architecture does not fit together: {}", e.what()));
  }
  return model;
}

}  // namespace axon
