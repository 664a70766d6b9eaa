// ONNX export: the graph is built with ONNX's own protobuf classes and checked by its checker.
#include "axon/io/onnx_export.hpp"

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include <cmath>
#include <cstdint>
#include <exception>
#include <span>

#include <fmt/format.h>

#include "axon/io/file_bytes.hpp"
#include "axon/layers/activations.hpp"
#include "axon/layers/avg_pool2d.hpp"
#include "axon/layers/batch_norm.hpp"
#include "axon/layers/batch_norm2d.hpp"
#include "axon/layers/conv2d.hpp"
#include "axon/layers/dense.hpp"
#include "axon/layers/flatten.hpp"
#include "axon/layers/global_avg_pool2d.hpp"
#include "axon/layers/max_pool2d.hpp"
#include "axon/layers/unflatten.hpp"
#include "axon/tensor/error.hpp"

namespace axon {
namespace {

/// Appends nodes to one graph, each reading the previous node's output.
class GraphBuilder {
 public:
  explicit GraphBuilder(onnx::GraphProto& graph) : graph_(graph) {}

  /// A float initializer of `dims` holding `values`; returns its name.
  std::string constant(const std::string& name, std::vector<std::int64_t> dims,
                       std::span<const float> values) {
    onnx::TensorProto* t = graph_.add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    for (std::int64_t d : dims) t->add_dims(d);
    for (float v : values) t->add_float_data(v);
    return name;
  }

  /// A node of `op` on the current value and `inputs`; its output becomes the current value.
  onnx::NodeProto* apply(const std::string& op, const std::string& name,
                         const std::vector<std::string>& inputs = {}) {
    onnx::NodeProto* node = graph_.add_node();
    node->set_op_type(op);
    node->set_name(name);
    node->add_input(current_);
    for (const std::string& input : inputs) node->add_input(input);
    current_ = name + "_out";
    node->add_output(current_);
    return node;
  }

  /// An int64 initializer (Reshape's shape); returns its name.
  std::string int64_constant(const std::string& name, std::span<const std::int64_t> values) {
    onnx::TensorProto* t = graph_.add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT64);
    t->add_dims(static_cast<std::int64_t>(values.size()));
    for (std::int64_t v : values) t->add_int64_data(v);
    return name;
  }

  const std::string& current() const { return current_; }
  void set_current(std::string name) { current_ = std::move(name); }

 private:
  onnx::GraphProto& graph_;
  std::string current_;
};

void float_attribute(onnx::NodeProto* node, const std::string& name, float value) {
  onnx::AttributeProto* a = node->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::FLOAT);
  a->set_f(value);
}

void int_attribute(onnx::NodeProto* node, const std::string& name, std::int64_t value) {
  onnx::AttributeProto* a = node->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(value);
}

void ints_attribute(onnx::NodeProto* node, const std::string& name,
                    std::initializer_list<std::size_t> values) {
  onnx::AttributeProto* a = node->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INTS);
  for (std::size_t v : values) a->add_ints(static_cast<std::int64_t>(v));
}

std::span<const float> values_of(const Tensor& t) { return {t.data(), t.size()}; }
std::span<const float> values_of(const Parameter& p) { return {p.value, p.size()}; }

void add_dense(GraphBuilder& g, Dense& dense, const std::string& name) {
  const auto out = static_cast<std::int64_t>(dense.out_features());
  const auto in = static_cast<std::int64_t>(dense.in_features());
  std::vector<std::string> inputs{
      g.constant(name + ".weight", {out, in}, values_of(dense.weight()))};
  if (dense.has_bias())
    inputs.push_back(g.constant(name + ".bias", {out}, values_of(dense.bias())));
  onnx::NodeProto* node = g.apply("Gemm", name, inputs);
  int_attribute(node, "transB", 1);  // W is stored (out, in): Y = X W^T + B
}

void add_batch_norm(GraphBuilder& g, BatchNorm& bn, const std::string& name) {
  const auto n = static_cast<std::int64_t>(bn.features());
  onnx::NodeProto* node =
      g.apply("BatchNormalization", name,
              {g.constant(name + ".weight", {n}, values_of(bn.scale())),
               g.constant(name + ".bias", {n}, values_of(bn.shift())),
               g.constant(name + ".running_mean", {n}, values_of(bn.running_mean())),
               g.constant(name + ".running_var", {n}, values_of(bn.running_var()))});
  float_attribute(node, "epsilon", bn.options().eps);
}

// Conv: weight (O, C, kh, kw) as nn.Conv2d's and ONNX's; pads (top, left, bottom, right).
void add_conv(GraphBuilder& g, Conv2D& conv, const std::string& name) {
  const Conv2DOptions& o = conv.options();
  const auto out = static_cast<std::int64_t>(conv.out_channels());
  std::vector<std::string> inputs{g.constant(
      name + ".weight",
      {out, static_cast<std::int64_t>(conv.in_channels()),
       static_cast<std::int64_t>(o.kernel.height), static_cast<std::int64_t>(o.kernel.width)},
      values_of(conv.weight()))};
  if (o.bias) inputs.push_back(g.constant(name + ".bias", {out}, values_of(conv.bias())));
  onnx::NodeProto* node = g.apply("Conv", name, inputs);
  const Size2& counts = o.padding.counts();
  ints_attribute(node, "kernel_shape", {o.kernel.height, o.kernel.width});
  ints_attribute(node, "strides", {o.stride.height, o.stride.width});
  ints_attribute(node, "dilations", {o.dilation.height, o.dilation.width});
  ints_attribute(node, "pads",
                 {o.padding.before(o.kernel.height, o.dilation.height, counts.height),
                  o.padding.before(o.kernel.width, o.dilation.width, counts.width),
                  o.padding.after(o.kernel.height, o.dilation.height, counts.height),
                  o.padding.after(o.kernel.width, o.dilation.width, counts.width)});
}

// MaxPool and AveragePool without padding, rounding down (ceil_mode 0), as the layers do.
void add_pool(GraphBuilder& g, const char* op, const Size2& kernel, const Size2& stride,
              const std::string& name) {
  onnx::NodeProto* node = g.apply(op, name);
  ints_attribute(node, "kernel_shape", {kernel.height, kernel.width});
  ints_attribute(node, "strides", {stride.height, stride.width});
}

// Unflatten: rows of C H W features become (N, C, H, W) images.
void add_unflatten(GraphBuilder& g, const Unflatten& unflatten, const std::string& name) {
  const Shape& image = unflatten.image();
  const std::int64_t shape[] = {-1, static_cast<std::int64_t>(image[0]),
                                static_cast<std::int64_t>(image[1]),
                                static_cast<std::int64_t>(image[2])};
  g.apply("Reshape", name, {g.int64_constant(name + ".shape", shape)});
}

// gelu(z) = 0.5 z (1 + erf(z / sqrt 2)): Erf is an ONNX operator, Gelu only from opset 20.
void add_gelu(GraphBuilder& g, const std::string& name) {
  const float inv_sqrt2 = 0.70710678118654752f, one = 1.0f, half = 0.5f;
  const std::string z = g.current();
  g.apply("Mul", name + ".scale", {g.constant(name + ".inv_sqrt2", {}, {&inv_sqrt2, 1})});
  g.apply("Erf", name + ".erf");
  g.apply("Add", name + ".one_plus", {g.constant(name + ".one", {}, {&one, 1})});
  g.apply("Mul", name + ".times_z", {z});
  g.apply("Mul", name, {g.constant(name + ".half", {}, {&half, 1})});
}

void add_layer(GraphBuilder& g, Layer& layer, std::size_t index) {
  const std::string name = std::to_string(index);
  const std::string kind = layer.name();
  if (auto* dense = dynamic_cast<Dense*>(&layer)) return add_dense(g, *dense, name);
  if (auto* bn = dynamic_cast<BatchNorm*>(&layer)) return add_batch_norm(g, *bn, name);
  if (auto* conv = dynamic_cast<Conv2D*>(&layer)) return add_conv(g, *conv, name);
  if (auto* bn = dynamic_cast<BatchNorm2D*>(&layer)) {
    // BatchNormalization normalizes axis 1: the features of rows, the channels of images.
    const auto n = static_cast<std::int64_t>(bn->channels());
    onnx::NodeProto* node =
        g.apply("BatchNormalization", name,
                {g.constant(name + ".weight", {n}, values_of(bn->scale())),
                 g.constant(name + ".bias", {n}, values_of(bn->shift())),
                 g.constant(name + ".running_mean", {n}, values_of(bn->running_mean())),
                 g.constant(name + ".running_var", {n}, values_of(bn->running_var()))});
    return float_attribute(node, "epsilon", bn->options().eps);
  }
  if (auto* pool = dynamic_cast<MaxPool2D*>(&layer))
    return add_pool(g, "MaxPool", pool->kernel(), pool->stride(), name);
  if (auto* pool = dynamic_cast<AvgPool2D*>(&layer))
    return add_pool(g, "AveragePool", pool->kernel(), pool->stride(), name);
  if (kind == GlobalAvgPool2D::kName) {  // (N, C, 1, 1), then the (N, C) the layer gives
    g.apply("GlobalAveragePool", name + ".pool");
    return int_attribute(g.apply("Flatten", name), "axis", 1);
  }
  if (kind == Flatten::kName) return int_attribute(g.apply("Flatten", name), "axis", 1);
  if (auto* unflatten = dynamic_cast<Unflatten*>(&layer)) return add_unflatten(g, *unflatten, name);
  if (kind == "dropout" || kind == Identity::kName) return;  // the identity at inference
  if (kind == ReLU::kName) return void(g.apply("Relu", name));
  if (kind == Sigmoid::kName) return void(g.apply("Sigmoid", name));
  if (kind == Tanh::kName) return void(g.apply("Tanh", name));
  if (kind == Softplus::kName) return void(g.apply("Softplus", name));
  if (kind == GELU::kName) return add_gelu(g, name);
  if (kind == Softmax::kName) return int_attribute(g.apply("Softmax", name), "axis", 1);
  if (auto* leaky = dynamic_cast<LeakyReLU*>(&layer))
    return float_attribute(g.apply("LeakyRelu", name), "alpha", leaky->negative_slope());
  if (auto* elu = dynamic_cast<ELU*>(&layer))
    return float_attribute(g.apply("Elu", name), "alpha", elu->alpha());
  throw Error(fmt::format("layer {} ('{}') has no ONNX form", index, kind));
}

// As Preprocessing::apply: x * pixel_scale, a missing value (NaN) becomes the training mean when
// the model was trained so (--missing mean; otherwise predict refuses it), then
// (x - mean) / stddev.
void add_preprocessing(GraphBuilder& g, const ModelInfo& info) {
  const Preprocessing& p = info.preprocessing;
  if (p.pixel_scale != 1.0f)
    g.apply("Mul", "pixel_scale", {g.constant("pixel_scale.factor", {}, {&p.pixel_scale, 1})});
  if (p.mean.empty()) return;
  const auto n = static_cast<std::int64_t>(p.mean.size());
  const std::string mean = g.constant("standardize.mean", {n}, p.mean);
  if (info.metadata_value("missing") == "mean") {
    const std::string x = g.current();
    g.apply("IsNaN", "missing");
    g.apply("Where", "fill_missing", {mean, x});  // Where(isnan(x), mean, x)
  }
  g.apply("Sub", "standardize.center", {mean});
  g.apply("Div", "standardize", {g.constant("standardize.stddev", {n}, p.stddev)});
}

// What `axon predict` does to the outputs: a classifier trained on logits gives probabilities; a
// regression trained on standardized targets gives y = t * target_stddev + target_mean.
void add_output_head(GraphBuilder& g, const ModelInfo& info, std::size_t outputs) {
  const Preprocessing& p = info.preprocessing;
  if (p.task != Task::kClassification) {
    if (p.target_mean.empty()) return;
    const auto n = static_cast<std::int64_t>(p.target_mean.size());
    g.apply("Mul", "target.scale", {g.constant("target.stddev", {n}, p.target_stddev)});
    g.apply("Add", "target.restore", {g.constant("target.mean", {n}, p.target_mean)});
    return;
  }
  if (info.loss == "softmax_cross_entropy")
    int_attribute(g.apply("Softmax", "probabilities"), "axis", 1);
  else if (info.loss == "bce_logits" && outputs >= 1)
    g.apply("Sigmoid", "probabilities");
}

void declare_value(onnx::ValueInfoProto* value, const std::string& name, std::int64_t features) {
  value->set_name(name);
  onnx::TypeProto_Tensor* type = value->mutable_type()->mutable_tensor_type();
  type->set_elem_type(onnx::TensorProto::FLOAT);
  onnx::TensorShapeProto* shape = type->mutable_shape();
  shape->add_dim()->set_dim_param("batch");
  shape->add_dim()->set_dim_value(features);
}

// What the graph cannot hold as nodes, for those who feed it: the feature columns with the
// categories of text columns (encoded one-hot, in this order, before the graph's input) and the
// class names, as the model's metadata.
void add_metadata(onnx::ModelProto& proto, const Preprocessing& p) {
  const auto add = [&proto](const std::string& key, const std::string& value) {
    onnx::StringStringEntryProto* entry = proto.add_metadata_props();
    entry->set_key(key);
    entry->set_value(value);
  };
  if (!p.class_names.empty()) add("class_names", fmt::format("{}", fmt::join(p.class_names, "\n")));
  if (p.columns.empty()) return;
  std::string columns;
  bool text = false;
  for (const FeatureColumn& c : p.columns) {
    columns += c.name;
    if (!c.categories.empty())
      columns += fmt::format(": one-hot {}", fmt::join(c.categories, " | "));
    columns += '\n';
    text = text || !c.categories.empty();
  }
  add("feature_columns", columns);
  if (text)
    add("input_encoding",
        "text columns are one-hot encoded over their categories (sorted) before the input");
}

}  // namespace

std::vector<unsigned char> onnx_model_bytes(Sequential& model, const ModelInfo& info) {
  const std::size_t features = model.input_features();
  check(features > 0, "the model has no input size to export");
  onnx::ModelProto proto;
  proto.set_ir_version(onnx::IR_VERSION);
  proto.set_producer_name("axon");
  proto.set_producer_version(AXON_VERSION);
  onnx::OperatorSetIdProto* opset = proto.add_opset_import();
  opset->set_domain("");
  opset->set_version(kOnnxOpset);
  add_metadata(proto, info.preprocessing);
  onnx::GraphProto* graph = proto.mutable_graph();
  graph->set_name("axon");
  declare_value(graph->add_input(), "input", static_cast<std::int64_t>(features));
  GraphBuilder g(*graph);
  g.set_current("input");
  add_preprocessing(g, info);
  for (std::size_t i = 0; i < model.size(); ++i) add_layer(g, model.layer(i), i);
  const std::size_t width = model.output_shape().numel();
  check(model.output_shape().rank() == 1,
        "the model gives samples of shape {}; ONNX export needs rows (end with flatten)",
        model.output_shape());
  add_output_head(g, info, width);
  // The last value is renamed "output" (an Identity when the graph is empty or ends in one).
  g.apply("Identity", "output_identity");
  graph->mutable_node(graph->node_size() - 1)->set_output(0, "output");
  declare_value(graph->add_output(), "output", static_cast<std::int64_t>(width));
  try {
    onnx::checker::check_model(proto);
    onnx::ModelProto inferred = proto;
    onnx::shape_inference::InferShapes(inferred, onnx::OpSchemaRegistry::Instance(),
                                       {/*check_type=*/true, /*error_mode=*/1, false});
  } catch (const std::exception& e) {
    throw Error(fmt::format("the ONNX graph does not pass ONNX's checker: {}", e.what()));
  }
  // Protocol buffers stop at 2 GiB: larger weights need ONNX's external data, not written here.
  check(proto.ByteSizeLong() < (std::size_t{1} << 31),
        "the model is {} bytes as ONNX, over protobuf's 2 GiB limit", proto.ByteSizeLong());
  std::vector<unsigned char> bytes(proto.ByteSizeLong());
  check(proto.SerializeToArray(bytes.data(), static_cast<int>(bytes.size())),
        "the ONNX model could not be serialized ({} bytes)", bytes.size());
  return bytes;
}

void write_onnx_file(const std::string& path, std::span<const unsigned char> bytes) {
  check_output_file(path);
  write_file_atomically(path, bytes);
}

void export_onnx(const std::string& path, Sequential& model, const ModelInfo& info) {
  write_onnx_file(path, onnx_model_bytes(model, info));
}

}  // namespace axon
