// ONNX import: the chain of nodes read one by one into layers.
#include "axon/io/onnx_import.hpp"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "axon/io/file_bytes.hpp"
#include "axon/io/preprocessing.hpp"
#include "axon/layers/activations.hpp"
#include "axon/layers/avg_pool2d.hpp"
#include "axon/layers/batch_norm.hpp"
#include "axon/layers/batch_norm2d.hpp"
#include "axon/layers/conv2d.hpp"
#include "axon/layers/dense.hpp"
#include "axon/layers/dropout.hpp"
#include "axon/layers/flatten.hpp"
#include "axon/layers/global_avg_pool2d.hpp"
#include "axon/layers/max_pool2d.hpp"
#include "axon/layers/unflatten.hpp"
#include "axon/losses/loss.hpp"
#include "axon/optimizers/optimizer.hpp"
#include "axon/tensor/error.hpp"

namespace axon {
namespace {

constexpr std::int64_t kMinOpset = 7, kMaxOpset = 17;
const std::set<std::string> kOperators = {
    "Gemm", "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Elu", "Softplus", "Softmax", "Identity",
    "Dropout", "Constant", "BatchNormalization",
    // Images: convolution and pooling over (N, C, H, W), and the reshapes around them.
    "Conv", "MaxPool", "AveragePool", "GlobalAveragePool", "Flatten", "Reshape",
    "Pad",  // of zeros: torch writes one before AveragePool
    // GELU as torch.onnx.export writes it (opset < 20): x * 0.5 * (1 + erf(x / sqrt 2)).
    "Div", "Erf", "Add", "Mul",
    // The preprocessing and target scaling of the graphs axon exports.
    "Sub", "IsNaN", "Where"};

/// An initializer as floats with its dimensions.
struct Weights {
  std::vector<std::int64_t> dims;
  std::vector<float> values;
};

Weights read_initializer(const onnx::TensorProto& t, const std::string& where) {
  check(t.data_type() == onnx::TensorProto::FLOAT, "{}: '{}' is not float32 (type {})", where,
        t.name(), t.data_type());
  check(t.data_location() != onnx::TensorProto::EXTERNAL,
        "{}: '{}' is stored outside the file (external data is not read)", where, t.name());
  Weights w{{t.dims().begin(), t.dims().end()}, {}};
  std::uint64_t count = 1;
  for (std::int64_t d : w.dims) {
    check(d >= 0 && d <= INT32_MAX, "{}: '{}' has dimension {}", where, t.name(), d);
    count *= static_cast<std::uint64_t>(d);
    check(count <= (std::uint64_t{1} << 31), "{}: '{}' is too large", where, t.name());
  }
  if (t.has_raw_data()) {
    const std::string& raw = t.raw_data();
    check(raw.size() == count * 4, "{}: '{}' holds {} bytes for {} values", where, t.name(),
          raw.size(), count);
    w.values.resize(count);
    std::copy(raw.begin(), raw.end(), reinterpret_cast<char*>(w.values.data()));
  } else {
    check(static_cast<std::uint64_t>(t.float_data_size()) == count,
          "{}: '{}' holds {} values for shape of {}", where, t.name(), t.float_data_size(), count);
    w.values.assign(t.float_data().begin(), t.float_data().end());
  }
  check(std::all_of(w.values.begin(), w.values.end(), [](float v) { return std::isfinite(v); }),
        "{}: '{}' holds NaN or infinite values", where, t.name());
  return w;
}

/// A node's attributes by name.
class Attributes {
 public:
  Attributes(const onnx::NodeProto& node, std::string where) : where_(std::move(where)) {
    for (const onnx::AttributeProto& a : node.attribute()) seen_[a.name()] = &a;
  }
  float real(const std::string& name, float fallback) {
    const onnx::AttributeProto* a = take(name);
    return a == nullptr ? fallback : a->f();
  }
  std::int64_t integer(const std::string& name, std::int64_t fallback) {
    const onnx::AttributeProto* a = take(name);
    return a == nullptr ? fallback : a->i();
  }
  /// A list of integers, or `fallback` when absent.
  std::vector<std::int64_t> ints(const std::string& name, std::vector<std::int64_t> fallback) {
    const onnx::AttributeProto* a = take(name);
    return a == nullptr ? fallback : std::vector<std::int64_t>(a->ints().begin(), a->ints().end());
  }
  std::string text(const std::string& name, const std::string& fallback) {
    const onnx::AttributeProto* a = take(name);
    return a == nullptr ? fallback : a->s();
  }
  /// Throws when an attribute was given that the import does not read.
  void no_others() const {
    for (const auto& entry : seen_)
      check(used_.count(entry.first) != 0, "{}: attribute '{}' is not supported", where_,
            entry.first);
  }

 private:
  const onnx::AttributeProto* take(const std::string& name) {
    used_.insert(name);
    const auto it = seen_.find(name);
    return it == seen_.end() ? nullptr : it->second;
  }
  std::string where_;
  std::map<std::string, const onnx::AttributeProto*> seen_;
  std::set<std::string> used_;
};

class ChainReader {
 public:
  ChainReader(const onnx::GraphProto& graph, std::string source) : source_(std::move(source)) {
    for (const onnx::TensorProto& t : graph.initializer()) initializers_[t.name()] = &t;
    // Constant nodes, and Identity nodes of constants (torch shares equal initializers, such as
    // a fresh batch norm's weight and running variance, that way), are constants too.
    for (const onnx::NodeProto& node : graph.node()) {
      if (node.output_size() != 1) continue;
      if (node.op_type() == "Constant" && node.attribute_size() == 1 &&
          node.attribute(0).name() == "value" && node.attribute(0).has_t())
        initializers_[node.output(0)] = &node.attribute(0).t();
      if (node.op_type() == "Identity" && node.input_size() == 1 &&
          initializers_.count(node.input(0)) != 0)
        initializers_[node.output(0)] = initializers_.at(node.input(0));
    }
  }

  /// Whether `node` only makes a constant (read where it is used, not a layer).
  bool makes_constant(const onnx::NodeProto& node) const {
    return node.output_size() == 1 && initializers_.count(node.output(0)) != 0;
  }

  /// The values of a constant input, or none when the input is not a constant.
  std::vector<float> vector(const onnx::NodeProto& node, int input,
                            const std::string& where) const {
    if (input >= node.input_size() || initializers_.count(node.input(input)) == 0) return {};
    return read_initializer(*initializers_.at(node.input(input)), where).values;
  }

  /// The value of a one-element constant input, or NaN when the input is not one.
  float scalar(const onnx::NodeProto& node, int input, const std::string& where) const {
    if (input >= node.input_size() || initializers_.count(node.input(input)) == 0)
      return std::nanf("");
    const Weights w = read_initializer(*initializers_.at(node.input(input)), where);
    return w.values.size() == 1 ? w.values[0] : std::nanf("");
  }

  Weights weight(const onnx::NodeProto& node, int input, const std::string& where) const {
    check(input < node.input_size() && initializers_.count(node.input(input)) != 0,
          "{}: input {} is not a constant weight", where, input + 1);
    return read_initializer(*initializers_.at(node.input(input)), where);
  }

  void add_gemm(Sequential& model, const onnx::NodeProto& node, std::size_t& width,
                const std::string& where) const {
    Attributes a(node, where);
    check(a.real("alpha", 1.0f) == 1.0f && a.real("beta", 1.0f) == 1.0f &&
              a.integer("transA", 0) == 0,
          "{}: only alpha = beta = 1 and transA = 0 are supported", where);
    const bool trans_b = a.integer("transB", 0) != 0;
    a.no_others();
    Weights w = weight(node, 1, where);
    check(w.dims.size() == 2, "{}: the weight has {} dimensions, not 2", where, w.dims.size());
    const auto out = static_cast<std::size_t>(trans_b ? w.dims[0] : w.dims[1]);
    const auto in = static_cast<std::size_t>(trans_b ? w.dims[1] : w.dims[0]);
    check(width == 0 || in == width, "{}: takes {} features but the layer before gives {}", where,
          in, width);
    check(in > 0 && out > 0, "{}: a weight of shape {} x {} has no values", where, w.dims[0],
          w.dims[1]);
    const bool bias = node.input_size() > 2 && !node.input(2).empty();
    Weights b;
    if (bias) {
      b = weight(node, 2, where);
      check(b.dims.size() == 1 && static_cast<std::size_t>(b.dims[0]) == out,
            "{}: the bias has {} values in {} dimensions for {} outputs", where, b.values.size(),
            b.dims.size(), out);
    }
    auto dense = std::make_unique<Dense>(in, out, DenseOptions{.bias = bias});
    pending_.push_back({model.size(), trans_b, in, out, std::move(w.values), std::move(b.values)});
    model.add(std::move(dense));
    width = out;
  }

  /// An int64 constant input (a Reshape's shape), or an error naming the node.
  std::vector<std::int64_t> int64s(const onnx::NodeProto& node, int input,
                                   const std::string& where) const {
    check(input < node.input_size() && initializers_.count(node.input(input)) != 0,
          "{}: input {} is not a constant", where, input + 1);
    const onnx::TensorProto& t = *initializers_.at(node.input(input));
    check(t.data_type() == onnx::TensorProto::INT64 && t.dims_size() == 1 && t.dims(0) <= 8,
          "{}: '{}' is not a short list of int64", where, t.name());
    std::vector<std::int64_t> values(
        static_cast<std::size_t>(std::max<std::int64_t>(t.dims(0), 0)));
    if (t.has_raw_data()) {
      check(t.raw_data().size() == values.size() * 8, "{}: '{}' holds {} bytes for {} values",
            where, t.name(), t.raw_data().size(), values.size());
      std::copy(t.raw_data().begin(), t.raw_data().end(), reinterpret_cast<char*>(values.data()));
    } else {
      check(static_cast<std::size_t>(t.int64_data_size()) == values.size(),
            "{}: '{}' holds {} values for {}", where, t.name(), t.int64_data_size(), values.size());
      std::copy(t.int64_data().begin(), t.int64_data().end(), values.begin());
    }
    return values;
  }

  /// Conv (group 1, explicit or "same" padding) as Conv2D; `image` becomes its output's shape.
  void add_conv(Sequential& model, const onnx::NodeProto& node, Shape& image,
                const std::string& where) const {
    check(image.rank() == 3, "{}: a convolution reads images (N, C, H, W)", where);
    Weights w = weight(node, 1, where);
    check(w.dims.size() == 4, "{}: the weight has {} dimensions, not 4", where, w.dims.size());
    const auto out = static_cast<std::size_t>(w.dims[0]);
    const auto in = static_cast<std::size_t>(w.dims[1]);
    check(out > 0 && in == image[0], "{}: a weight of {} x {} channels on images of {}", where,
          w.dims[0], w.dims[1], image);
    Attributes a(node, where);
    const auto kernel = a.ints("kernel_shape", {w.dims[2], w.dims[3]});
    const auto strides = a.ints("strides", {1, 1});
    const auto dilations = a.ints("dilations", {1, 1});
    const auto pads = a.ints("pads", {0, 0, 0, 0});
    const std::string auto_pad = a.text("auto_pad", "NOTSET");
    check(a.integer("group", 1) == 1, "{}: grouped convolutions are not supported", where);
    a.no_others();
    const auto positive = [](const std::vector<std::int64_t>& v, std::size_t n) {
      return v.size() == n && std::all_of(v.begin(), v.end(), [](std::int64_t x) {
               return x > 0 && x <= (std::int64_t{1} << 20);
             });
    };
    check(positive(kernel, 2) && kernel[0] == w.dims[2] && kernel[1] == w.dims[3] &&
              positive(strides, 2) && positive(dilations, 2) && pads.size() == 4 &&
              std::all_of(pads.begin(), pads.end(),
                          [](std::int64_t x) { return x >= 0 && x <= (std::int64_t{1} << 20); }),
          "{}: kernel_shape, strides, dilations or pads do not describe a 2-D convolution", where);
    Conv2DOptions o;
    o.kernel = Size2(static_cast<std::size_t>(kernel[0]), static_cast<std::size_t>(kernel[1]));
    o.stride = Size2(static_cast<std::size_t>(strides[0]), static_cast<std::size_t>(strides[1]));
    o.dilation =
        Size2(static_cast<std::size_t>(dilations[0]), static_cast<std::size_t>(dilations[1]));
    const auto same = [&](std::size_t axis) {  // PyTorch's "same": the odd pad after
      const std::int64_t total = dilations[axis] * (kernel[axis] - 1);
      return pads[axis] == total / 2 && pads[axis + 2] == total - total / 2;
    };
    if (auto_pad == "VALID" || (auto_pad == "NOTSET" && pads == std::vector<std::int64_t>(4, 0))) {
      o.padding = Padding::valid();
    } else if (auto_pad == "NOTSET" && pads[0] == pads[2] && pads[1] == pads[3]) {
      o.padding = Padding(static_cast<std::size_t>(pads[0]), static_cast<std::size_t>(pads[1]));
    } else {
      check(auto_pad == "NOTSET" && strides[0] == 1 && strides[1] == 1 && same(0) && same(1),
            "{}: padding {} (auto_pad {}) is neither symmetric nor PyTorch's \"same\"", where,
            fmt::join(pads, ","), auto_pad);
      o.padding = Padding::same();
    }
    o.bias = node.input_size() > 2 && !node.input(2).empty();
    Weights b;
    if (o.bias) {
      b = weight(node, 2, where);
      check(b.values.size() == out, "{}: the bias has {} values for {} channels", where,
            b.values.size(), out);
    }
    auto conv = std::make_unique<Conv2D>(in, out, o);
    image = conv->output_shape(image);
    convs_.push_back({model.size(), std::move(w.values), std::move(b.values)});
    model.add(std::move(conv));
  }

  /// MaxPool or AveragePool without padding, rounding down; `image` becomes the output's shape.
  static void add_pool(Sequential& model, const onnx::NodeProto& node, Shape& image,
                       const std::string& where) {
    check(image.rank() == 3, "{}: pooling reads images (N, C, H, W)", where);
    Attributes a(node, where);
    const auto kernel = a.ints("kernel_shape", {});
    const auto strides = a.ints("strides", kernel);
    const auto pads = a.ints("pads", {0, 0, 0, 0});
    const bool ok = a.integer("ceil_mode", 0) == 0 &&
                    a.text("auto_pad", "NOTSET") != "SAME_UPPER" &&
                    a.text("auto_pad", "NOTSET") != "SAME_LOWER" &&
                    a.ints("dilations", {1, 1}) == std::vector<std::int64_t>{1, 1} &&
                    a.integer("storage_order", 0) == 0;
    a.integer("count_include_pad", 0);  // no padding: the count is the window's either way
    a.no_others();
    const auto fits = [](const std::vector<std::int64_t>& v) {
      return v.size() == 2 && v[0] > 0 && v[1] > 0 && v[0] <= (1 << 20) && v[1] <= (1 << 20);
    };
    check(ok && fits(kernel) && fits(strides) && pads == std::vector<std::int64_t>(4, 0),
          "{}: only 2-D windows without padding, dilation or ceil_mode are read", where);
    const Size2 k(static_cast<std::size_t>(kernel[0]), static_cast<std::size_t>(kernel[1]));
    const Size2 st(static_cast<std::size_t>(strides[0]), static_cast<std::size_t>(strides[1]));
    std::unique_ptr<Layer> pool;
    if (node.op_type() == "MaxPool")
      pool = std::make_unique<MaxPool2D>(k, st);
    else
      pool = std::make_unique<AvgPool2D>(k, st);
    image = pool->output_shape(image);
    model.add(std::move(pool));
  }

  /// BatchNormalization over the features of rows, or the channels of images (`images`).
  void add_batch_norm(Sequential& model, const onnx::NodeProto& node, std::size_t width,
                      bool images, const std::string& where) const {
    Attributes a(node, where);
    const float eps = a.real("epsilon", 1e-5f);
    const float momentum = a.real("momentum", 0.9f);
    check(a.integer("training_mode", 0) == 0, "{}: training_mode is not supported", where);
    a.no_others();
    check(width > 0, "{}: the feature count is not known before batch normalization", where);
    std::vector<std::vector<float>> values;
    for (int i = 1; i <= 4; ++i) {
      Weights w = weight(node, i, where);
      check(w.values.size() == width, "{}: input {} has {} values for {} features", where, i + 1,
            w.values.size(), width);
      values.push_back(std::move(w.values));
    }
    check(std::all_of(values[3].begin(), values[3].end(), [](float v) { return v >= 0.0f; }),
          "{}: a running variance is negative", where);
    check(eps > 0.0f && std::isfinite(eps), "{}: epsilon {} is not > 0", where, eps);
    const BatchNormOptions options{eps, std::clamp(1.0f - momentum, 0.0f, 1.0f)};
    if (images)
      model.add(std::make_unique<BatchNorm2D>(width, options));
    else
      model.add(std::make_unique<BatchNorm>(width, options));
    batch_norms_.push_back({model.size() - 1, std::move(values)});
  }

  /// Copies the weights into the built model.
  void fill(Sequential& model) const {
    for (const PendingDense& d : pending_) {
      Dense& dense = model.layer<Dense>(d.layer);
      float* w = dense.weight().value;
      for (std::size_t o = 0; o < d.out; ++o)
        for (std::size_t i = 0; i < d.in; ++i)
          w[o * d.in + i] = d.trans_b ? d.weight[o * d.in + i] : d.weight[i * d.out + o];
      if (!d.bias.empty()) std::copy(d.bias.begin(), d.bias.end(), dense.bias().value);
    }
    for (const PendingConv& c : convs_) {
      Conv2D& conv = model.layer<Conv2D>(c.layer);
      std::copy(c.weight.begin(), c.weight.end(), conv.weight().value);
      if (!c.bias.empty()) std::copy(c.bias.begin(), c.bias.end(), conv.bias().value);
    }
    for (const PendingBatchNorm& b : batch_norms_) {
      Layer& layer = model.layer(b.layer);
      std::copy(b.values[0].begin(), b.values[0].end(), layer.parameters()[0].value);
      std::copy(b.values[1].begin(), b.values[1].end(), layer.parameters()[1].value);
      std::copy(b.values[2].begin(), b.values[2].end(), layer.buffers()[0]->data());
      std::copy(b.values[3].begin(), b.values[3].end(), layer.buffers()[1]->data());
    }
  }

 private:
  struct PendingDense {
    std::size_t layer;
    bool trans_b;
    std::size_t in, out;
    std::vector<float> weight, bias;
  };
  struct PendingConv {
    std::size_t layer;
    std::vector<float> weight, bias;  // (O, C, kh, kw) in both
  };
  struct PendingBatchNorm {
    std::size_t layer;
    std::vector<std::vector<float>> values;
  };
  std::string source_;
  std::map<std::string, const onnx::TensorProto*> initializers_;
  mutable std::vector<PendingDense> pending_;
  mutable std::vector<PendingBatchNorm> batch_norms_;
  mutable std::vector<PendingConv> convs_;
};

bool near(float value, double want) { return std::abs(value - want) <= 1e-5 * std::abs(want); }

// Whether nodes `at`... (of those that are not constants) spell GELU on `x`:
//   Div(x, sqrt 2) or Mul(x, 1/sqrt 2) -> Erf -> Add(., 1) -> Mul(., x) -> Mul(., 0.5),
// the two last products in either order of their inputs. Returns the count of nodes, or 0.
std::size_t gelu_nodes(const std::vector<const onnx::NodeProto*>& nodes, std::size_t at,
                       const std::string& x, const ChainReader& reader, const std::string& where) {
  if (at + 5 > nodes.size()) return 0;
  const onnx::NodeProto& scale = *nodes[at];
  const onnx::NodeProto& erf = *nodes[at + 1];
  const onnx::NodeProto& add = *nodes[at + 2];
  const onnx::NodeProto& times_x = *nodes[at + 3];
  const onnx::NodeProto& half = *nodes[at + 4];
  const auto reads = [](const onnx::NodeProto& node, const std::string& a, const std::string& b) {
    return node.input_size() == 2 && ((node.input(0) == a && node.input(1) == b) ||
                                      (node.input(0) == b && node.input(1) == a));
  };
  const auto constant_operand = [&](const onnx::NodeProto& node, const std::string& other) {
    return node.input_size() == 2 && node.input(0) == other   ? reader.scalar(node, 1, where)
           : node.input_size() == 2 && node.input(1) == other ? reader.scalar(node, 0, where)
                                                              : std::nanf("");
  };
  const bool scaled =
      scale.input_size() == 2 && scale.input(0) == x &&
      ((scale.op_type() == "Div" && near(reader.scalar(scale, 1, where), M_SQRT2)) ||
       (scale.op_type() == "Mul" && near(reader.scalar(scale, 1, where), M_SQRT1_2)));
  return scaled && erf.op_type() == "Erf" && erf.input_size() == 1 &&
                 erf.input(0) == scale.output(0) && add.op_type() == "Add" &&
                 near(constant_operand(add, erf.output(0)), 1.0) && times_x.op_type() == "Mul" &&
                 reads(times_x, add.output(0), x) && half.op_type() == "Mul" &&
                 near(constant_operand(half, times_x.output(0)), 0.5)
             ? 5
             : 0;
}

// The preprocessing at the head of a graph axon exported: Mul(x, scale) for pixel scaling, then
// Where(IsNaN(x), mean, x) when missing values are filled, then Sub(x, mean) and Div(x, stddev)
// for standardization. Returns how many nodes it read.
std::size_t read_preprocessing(const std::vector<const onnx::NodeProto*>& nodes,
                               const ChainReader& reader, std::string& current, Preprocessing& p,
                               bool& missing_filled, const std::string& source) {
  std::size_t n = 0;
  const auto reads_current = [&](const onnx::NodeProto& node, const char* op) {
    return node.op_type() == op && node.input_size() == 2 && node.input(0) == current;
  };
  const std::string where = fmt::format("'{}' preprocessing", source);
  if (n < nodes.size() && reads_current(*nodes[n], "Mul")) {
    const float scale = reader.scalar(*nodes[n], 1, where);
    if (std::isfinite(scale) && scale > 0.0f) {
      p.pixel_scale = scale;
      current = nodes[n++]->output(0);
    }
  }
  // Where(IsNaN(x), mean, x): missing values become the training mean (--missing mean).
  if (n + 1 < nodes.size() && nodes[n]->op_type() == "IsNaN" && nodes[n]->input_size() == 1 &&
      nodes[n]->input(0) == current) {
    const onnx::NodeProto& where_node = *nodes[n + 1];
    check(where_node.op_type() == "Where" && where_node.input_size() == 3 &&
              where_node.input(0) == nodes[n]->output(0) && where_node.input(2) == current &&
              !reader.vector(where_node, 1, where).empty(),
          "{}: IsNaN is read only as Where(IsNaN(x), mean, x)", where);
    missing_filled = true;
    current = where_node.output(0);
    n += 2;
  }
  if (n + 1 < nodes.size() && reads_current(*nodes[n], "Sub")) {
    std::vector<float> mean = reader.vector(*nodes[n], 1, where);
    const onnx::NodeProto& div = *nodes[n + 1];
    std::vector<float> stddev =
        div.op_type() == "Div" && div.input_size() == 2 && div.input(0) == nodes[n]->output(0)
            ? reader.vector(div, 1, where)
            : std::vector<float>{};
    if (!mean.empty() && mean.size() == stddev.size()) {
      check(std::all_of(stddev.begin(), stddev.end(), [](float v) { return v > 0.0f; }),
            "{}: a standard deviation is not > 0", where);
      p.mean = std::move(mean);
      p.stddev = std::move(stddev);
      current = div.output(0);
      n += 2;
    }
  }
  return n;
}

// The tail of a regression graph axon exported: Mul(y, stddev) then Add(y, mean), one value per
// output, which restore the targets' units.
bool read_target_scaling(const onnx::NodeProto& mul, const onnx::NodeProto& add,
                         const ChainReader& reader, std::size_t width, Preprocessing& p,
                         const std::string& where) {
  if (mul.op_type() != "Mul" || add.op_type() != "Add" || add.input_size() != 2 ||
      add.input(0) != mul.output(0))
    return false;
  std::vector<float> stddev = reader.vector(mul, 1, where), mean = reader.vector(add, 1, where);
  if (stddev.size() != width || mean.size() != width || width == 0) return false;
  check(std::all_of(stddev.begin(), stddev.end(), [](float v) { return v > 0.0f; }),
        "{}: a target standard deviation is not > 0", where);
  p.target_stddev = std::move(stddev);
  p.target_mean = std::move(mean);
  return true;
}

// The ai.onnx opset the model declares (checked to be one axon reads).
std::int64_t check_opset(const onnx::ModelProto& proto, const std::string& source) {
  bool found = false;
  std::int64_t version = 0;
  for (const onnx::OperatorSetIdProto& o : proto.opset_import()) {
    if (!o.domain().empty() && o.domain() != "ai.onnx") continue;
    found = true;
    check(o.version() >= kMinOpset && o.version() <= kMaxOpset,
          "'{}' uses ONNX opset {}; opsets {} to {} are read", source, o.version(), kMinOpset,
          kMaxOpset);
    version = o.version();
  }
  check(found, "'{}' declares no ONNX opset", source);
  return version;
}

std::string loss_for(Task task, const std::string& last_op, std::size_t outputs) {
  if (task == Task::kRegression) return "mse";
  if (last_op == "Softmax") return "cross_entropy";
  if (last_op == "Sigmoid" && outputs == 1) return "bce";
  return outputs == 1 ? "bce_logits" : "softmax_cross_entropy";
}

ImportedOnnx read_onnx_model(std::span<const unsigned char> bytes, const std::string& source,
                             Task task) {
  onnx::ModelProto proto;
  check(
      bytes.size() < INT_MAX && proto.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())),
      "'{}' is not an ONNX model (it does not parse as one; truncated?)", source);
  check(proto.has_graph(), "'{}' holds no graph", source);
  const std::int64_t opset = check_opset(proto, source);
  const onnx::GraphProto& graph = proto.graph();
  // Every node makes one named value (the chain below reads output(0) of each).
  for (int i = 0; i < graph.node_size(); ++i)
    check(graph.node(i).output_size() >= 1 && !graph.node(i).output(0).empty(),
          "'{}' node {} ({}) has no output", source, i + 1, graph.node(i).op_type());
  std::vector<std::string> unsupported;
  for (const onnx::NodeProto& node : graph.node())
    if ((!node.domain().empty() && node.domain() != "ai.onnx") ||
        kOperators.count(node.op_type()) == 0)
      if (std::find(unsupported.begin(), unsupported.end(), node.op_type()) == unsupported.end())
        unsupported.push_back(node.op_type());
  check(unsupported.empty(), "'{}' uses operators axon does not import: {} (it reads {})", source,
        fmt::join(unsupported, ", "), fmt::join(kOperators, ", "));
  ChainReader reader(graph, source);
  std::set<std::string> constants;
  for (const onnx::TensorProto& t : graph.initializer()) constants.insert(t.name());
  std::vector<std::string> inputs;
  for (const onnx::ValueInfoProto& v : graph.input())
    if (constants.count(v.name()) == 0) inputs.push_back(v.name());
  check(inputs.size() == 1, "'{}' has {} inputs; one is read", source, inputs.size());
  check(graph.output_size() == 1, "'{}' has {} outputs; one is read", source, graph.output_size());
  // The input: rows (batch, features), or images (batch, C, H, W) that the model unflattens.
  std::size_t width = 0;
  Shape image;  // of the current value while it holds images
  for (const onnx::ValueInfoProto& v : graph.input()) {
    if (v.name() != inputs[0]) continue;
    const onnx::TensorShapeProto& shape = v.type().tensor_type().shape();
    std::vector<std::size_t> dims;
    for (int d = 1; d < shape.dim_size(); ++d)
      if (shape.dim(d).has_dim_value() && shape.dim(d).dim_value() > 0 &&
          shape.dim(d).dim_value() <= (std::int64_t{1} << 24))
        dims.push_back(static_cast<std::size_t>(shape.dim(d).dim_value()));
    if (shape.dim_size() == 2 && dims.size() == 1) width = dims[0];
    if (shape.dim_size() == 4 && dims.size() == 3) {
      check(dims[0] * dims[1] * dims[2] <= (std::size_t{1} << 31),
            "'{}': input images of {} x {} x {} are too large", source, dims[0], dims[1], dims[2]);
      image = Shape{dims[0], dims[1], dims[2]};
      width = image.numel();
    }
    check(shape.dim_size() == 0 || shape.dim_size() == 2 || shape.dim_size() == 4,
          "'{}': the input has {} dimensions; rows (batch, features) or images (batch, C, H, W) "
          "are read",
          source, shape.dim_size());
  }
  const std::size_t declared_width = width;
  ImportedOnnx result;
  Sequential& model = result.model;
  if (image.rank() == 3) model.add(std::make_unique<Unflatten>(image[0], image[1], image[2]));
  std::string current = inputs[0], last_op;
  std::vector<const onnx::NodeProto*> nodes;  // the chain: every node but those of constants
  for (const onnx::NodeProto& node : graph.node())
    if (!reader.makes_constant(node)) nodes.push_back(&node);
  Preprocessing& prep = result.info.preprocessing;
  bool missing_filled = false;
  std::size_t n = read_preprocessing(nodes, reader, current, prep, missing_filled, source);
  std::size_t chain_end = nodes.size();  // before the identities that end it
  while (chain_end > n && (nodes[chain_end - 1]->op_type() == "Identity" ||
                           nodes[chain_end - 1]->op_type() == "Dropout"))
    --chain_end;
  for (; n < nodes.size(); ++n) {
    const onnx::NodeProto& node = *nodes[n];
    const std::string& op = node.op_type();
    const std::string where = fmt::format("'{}' node {} ({})", source, n + 1, op);
    check(node.input_size() >= 1 && node.input(0) == current && node.output_size() >= 1,
          "{}: the graph is not one chain (this node does not read the previous one's output)",
          where);
    if (const std::size_t gelu = gelu_nodes(nodes, n, current, reader, where); gelu > 0) {
      model.add(std::make_unique<GELU>());
      last_op = "Gelu";
      n += gelu - 1;
      current = nodes[n]->output(0);
      continue;
    }
    if (n + 2 == chain_end && task == Task::kRegression &&
        read_target_scaling(node, *nodes[n + 1], reader, width, prep, where)) {
      current = nodes[++n]->output(0);
      continue;
    }
    check(op != "Div" && op != "Erf" && op != "Add" && op != "Mul" && op != "Constant" &&
              op != "Sub" && op != "IsNaN" && op != "Where",
          "{}: {} is read only as part of GELU (x * 0.5 * (1 + erf(x / sqrt 2))) or of the "
          "preprocessing axon exports, and these nodes do not spell either",
          where, op);
    if (op == "Gemm") {
      check(image.rank() == 0, "{}: a Gemm on images of {} (flatten them first)", where, image);
      reader.add_gemm(model, node, width, where);
    } else if (op == "BatchNormalization") {
      reader.add_batch_norm(model, node, image.rank() == 3 ? image[0] : width, image.rank() == 3,
                            where);
    } else if (op == "Conv") {
      reader.add_conv(model, node, image, where);
    } else if (op == "MaxPool" || op == "AveragePool") {
      ChainReader::add_pool(model, node, image, where);
    } else if (op == "GlobalAveragePool" || op == "Flatten") {
      Attributes a(node, where);
      check(op != "Flatten" || a.integer("axis", 1) == 1, "{}: only axis 1 is flattened", where);
      a.no_others();
      // GlobalAveragePool gives (N, C, 1, 1) and axon's layer (N, C).
      if (op == "GlobalAveragePool") {
        check(image.rank() == 3, "{}: pooling reads images (N, C, H, W)", where);
        model.add(std::make_unique<GlobalAvgPool2D>());
        width = image[0];
        image = Shape{};
      } else {
        // Also of rows (then the identity), so the layers count as in torch's nn.Sequential.
        model.add(std::make_unique<Flatten>());
        if (image.rank() == 3) width = image.numel();
        image = Shape{};
      }
    } else if (op == "Pad") {
      Attributes a(node, where);
      const std::string mode = a.text("mode", "constant");
      a.no_others();
      const std::vector<std::int64_t> pads = reader.int64s(node, 1, where);
      check(mode == "constant" &&
                std::all_of(pads.begin(), pads.end(), [](std::int64_t p) { return p == 0; }),
            "{}: only a Pad of nothing (as torch writes before AveragePool) is read", where);
    } else if (op == "Reshape") {
      // Rows to images, as axon exports Unflatten: a shape of (-1 or 0, C, H, W).
      const std::vector<std::int64_t> shape = reader.int64s(node, 1, where);
      check(image.rank() == 0 && width > 0 && shape.size() == 4 &&
                (shape[0] == -1 || shape[0] == 0) &&
                std::all_of(shape.begin() + 1, shape.end(),
                            [&](std::int64_t d) {
                              return d > 0 && static_cast<std::size_t>(d) <= width;
                            }) &&
                static_cast<std::size_t>(shape[1]) * static_cast<std::size_t>(shape[2]) *
                        static_cast<std::size_t>(shape[3]) ==
                    width,
            "{}: only a reshape of rows of {} features into images (N, C, H, W) is read", where,
            width);
      image = Shape{static_cast<std::size_t>(shape[1]), static_cast<std::size_t>(shape[2]),
                    static_cast<std::size_t>(shape[3])};
      model.add(std::make_unique<Unflatten>(image[0], image[1], image[2]));
    } else if (op == "Dropout" || op == "Identity") {
      // The identity at inference (torch exports Dropout in eval mode, if at all).
    } else {
      Attributes a(node, where);
      if (op == "Relu") model.add(std::make_unique<ReLU>());
      if (op == "Sigmoid") model.add(std::make_unique<Sigmoid>());
      if (op == "Tanh") model.add(std::make_unique<Tanh>());
      if (op == "Softplus") model.add(std::make_unique<Softplus>());
      if (op == "LeakyRelu" || op == "Elu") {
        const float alpha = a.real("alpha", op == "Elu" ? 1.0f : 0.01f);
        check(std::isfinite(alpha) && (op == "Elu" ? alpha > 0.0f : alpha >= 0.0f),
              "{}: alpha {} (axon reads alpha {} 0)", where, alpha, op == "Elu" ? ">" : ">=");
        if (op == "Elu")
          model.add(std::make_unique<ELU>(alpha));
        else
          model.add(std::make_unique<LeakyReLU>(alpha));
      }
      if (op == "Softmax") {
        const std::int64_t axis = a.integer("axis", opset >= 13 ? -1 : 1);
        check(axis == 1 || axis == -1, "{}: softmax over axis {} (only the features)", where, axis);
        model.add(std::make_unique<Softmax>());
      }
      a.no_others();
    }
    if (op != "Dropout" && op != "Identity") last_op = op;
    current = node.output(0);
  }
  check(current == graph.output(0).name(), "'{}': the chain does not end at the graph's output",
        source);
  std::size_t input_width = declared_width;
  for (std::size_t i = 0; i < model.size() && input_width == 0; ++i)
    input_width = model.layer(i).input_features();
  check(input_width > 0 && width > 0,
        "'{}': the input's feature count is not known (no Gemm layer)", source);
  model.build(input_width);
  reader.fill(model);
  prep.task = task;
  check(prep.mean.empty() || prep.mean.size() == input_width,
        "'{}': the standardization holds {} values for {} input features", source, prep.mean.size(),
        input_width);
  result.info.loss = loss_for(task, last_op, width);
  if (task == Task::kClassification) result.info.preprocessing.classes = width == 1 ? 2 : width;
  result.info.metadata.emplace_back("imported from", source);
  if (missing_filled) result.info.metadata.emplace_back("missing", "mean");
  model.compile(make_loss(result.info.loss), make_optimizer("sgd", 0.01f));
  return result;
}

}  // namespace

ImportedOnnx parse_onnx(std::span<const unsigned char> bytes, const std::string& source,
                        Task task) {
  try {
    return read_onnx_model(bytes, source, task);
  } catch (const Error& e) {
    // A layer's own check (a size, an activation's parameter) names the layer, not the file.
    const std::string message = e.what();
    if (message.find(source) != std::string::npos) throw;
    throw Error(fmt::format("'{}': {}", source, message));
  }
}

ImportedOnnx import_onnx(const std::string& path, Task task) {
  return parse_onnx(read_file_bytes(path), path, task);
}

}  // namespace axon
