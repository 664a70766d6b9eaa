// Conv2D: settings, shapes, and forward and backward as one matrix product per sample.
#include "axon/layers/conv2d.hpp"

#include <algorithm>

#include "axon/tensor/checked_arithmetic.hpp"
#include "axon/tensor/error.hpp"
#include "axon/tensor/gemm.hpp"

namespace axon {

Conv2D::Conv2D(std::size_t in_channels, std::size_t out_channels, Conv2DOptions options)
    : in_channels_(in_channels), out_channels_(out_channels), options_(options) {
  const Conv2DOptions& o = options_;
  check(in_channels > 0, "conv2d: in_channels must be > 0, got {}", in_channels);
  check(out_channels > 0, "conv2d: out_channels must be > 0, got {}", out_channels);
  check(o.kernel.height > 0 && o.kernel.width > 0, "conv2d: kernel must be > 0, got {}x{}",
        o.kernel.height, o.kernel.width);
  check(o.stride.height > 0 && o.stride.width > 0, "conv2d: stride must be > 0, got {}x{}",
        o.stride.height, o.stride.width);
  check(o.dilation.height > 0 && o.dilation.width > 0, "conv2d: dilation must be > 0, got {}x{}",
        o.dilation.height, o.dilation.width);
  check(o.padding.kind() != Padding::Kind::kSame || (o.stride.height == 1 && o.stride.width == 1),
        "conv2d: padding 'same' needs stride 1, got {}x{}", o.stride.height, o.stride.width);
  const std::size_t patch =
      checked_mul(checked_mul(in_channels, o.kernel.height, "conv2d"), o.kernel.width, "conv2d");
  checked_values(out_channels, patch,
                 fmt::format("conv2d({}, {})'s weight", in_channels, out_channels));
  add_parameter("weight", Shape{out_channels, in_channels, o.kernel.height, o.kernel.width},
                ParameterKind::kWeight);
  if (o.bias) add_parameter("bias", Shape{out_channels}, ParameterKind::kBias);
}

std::vector<ConfigField> Conv2D::config_fields() {
  return {{"in_channels", ConfigKind::kCount},    {"out_channels", ConfigKind::kCount},
          {"kernel_height", ConfigKind::kCount},  {"kernel_width", ConfigKind::kCount},
          {"stride_height", ConfigKind::kCount},  {"stride_width", ConfigKind::kCount},
          {"padding", ConfigKind::kText},         {"dilation_height", ConfigKind::kCount},
          {"dilation_width", ConfigKind::kCount}, {"bias", ConfigKind::kFlag}};
}

LayerConfig Conv2D::config() const {
  const Conv2DOptions& o = options_;
  return {{"in_channels", in_channels_},        {"out_channels", out_channels_},
          {"kernel_height", o.kernel.height},   {"kernel_width", o.kernel.width},
          {"stride_height", o.stride.height},   {"stride_width", o.stride.width},
          {"padding", o.padding.to_string()},   {"dilation_height", o.dilation.height},
          {"dilation_width", o.dilation.width}, {"bias", o.bias}};
}

std::unique_ptr<Layer> Conv2D::from_config(const LayerConfig& c) {
  return std::make_unique<Conv2D>(
      c.count("in_channels"), c.count("out_channels"),
      Conv2DOptions{.kernel = {c.count("kernel_height"), c.count("kernel_width")},
                    .stride = {c.count("stride_height"), c.count("stride_width")},
                    .padding = Padding::parse(c.text("padding")),
                    .dilation = {c.count("dilation_height"), c.count("dilation_width")},
                    .bias = c.flag("bias")});
}

std::size_t Conv2D::output_features(std::size_t in_features) const {
  throw Error(fmt::format(
      "conv2d({}, {}): needs the (channels, height, width) shape of its input, not {} features; "
      "start the model with an unflatten layer or give it (N, C, H, W) batches",
      in_channels_, out_channels_, in_features));
}

ConvGeometry Conv2D::geometry(std::size_t channels, std::size_t height, std::size_t width) const {
  check(channels == in_channels_, "conv2d({}, {}): expects {} input channels, got {}", in_channels_,
        out_channels_, in_channels_, channels);
  const Conv2DOptions& o = options_;
  const Size2& pad = o.padding.counts();
  ConvGeometry g{.channels = channels,
                 .height = height,
                 .width = width,
                 .out_channels = out_channels_,
                 .kernel_h = o.kernel.height,
                 .kernel_w = o.kernel.width,
                 .stride_h = o.stride.height,
                 .stride_w = o.stride.width,
                 .dilation_h = o.dilation.height,
                 .dilation_w = o.dilation.width,
                 .pad_h = o.padding.before(o.kernel.height, o.dilation.height, pad.height),
                 .pad_w = o.padding.before(o.kernel.width, o.dilation.width, pad.width)};
  g.out_h =
      WindowAxis{height,       g.kernel_h, g.stride_h,
                 g.dilation_h, g.pad_h,    o.padding.after(g.kernel_h, g.dilation_h, pad.height)}
          .output("conv2d height");
  g.out_w =
      WindowAxis{width,        g.kernel_w, g.stride_w,
                 g.dilation_w, g.pad_w,    o.padding.after(g.kernel_w, g.dilation_w, pad.width)}
          .output("conv2d width");
  return g;
}

Shape Conv2D::output_shape(const Shape& input) const {
  check(input.rank() == 3, "conv2d({}, {}): expects samples of shape (C, H, W), got {}",
        in_channels_, out_channels_, input);
  const ConvGeometry g = geometry(input[0], input[1], input[2]);
  return Shape{g.out_channels, g.out_h, g.out_w};
}

void Conv2D::initialize(Rng& rng) {
  const std::size_t taps = options_.kernel.height * options_.kernel.width;
  options_.init.fill_weight(weight().values(), in_channels_ * taps, out_channels_ * taps, rng);
  if (options_.bias) options_.init.fill_bias(bias().values(), in_channels_ * taps, rng);
}

namespace {

// Columns per product: enough for the matrix kernel to run at speed, few enough that the
// workspace stays a few MB (conv2d_kernels.hpp).
constexpr std::size_t kGroupColumns = 4096;

}  // namespace

std::size_t Conv2D::group_size(std::size_t batch, const ConvGeometry& g) {
  return std::clamp<std::size_t>(kGroupColumns / g.pixels(), 1, batch);
}

// Per group of G samples:  col = [im2col(X[n]) ...]           (C kh kw, G Ho Wo)
//                          Z = W col                          (O, C kh kw) (C kh kw, G Ho Wo)
//                          Y[n] = Z's columns of sample n + B (O, Ho Wo) each
const Tensor& Conv2D::forward(const Tensor& x, bool /*training*/) {
  check(x.rank() == 4, "conv2d({}, {}): expects input of shape (N, C, H, W), got {}", in_channels_,
        out_channels_, x.shape());
  const ConvGeometry& g = geometry_ = geometry(x.shape()[1], x.shape()[2], x.shape()[3]);
  const std::size_t n = x.rows(), k = g.patch(), pixels = g.pixels();
  const std::size_t group = group_size(n, g);
  input_ = &x;
  output_.resize(Shape{n, g.out_channels, g.out_h, g.out_w});
  // The workspace: reallocated only when a larger batch or image comes.
  columns_.resize(Shape{k, group * pixels});
  products_.resize(Shape{g.out_channels, group * pixels});
  for (std::size_t first = 0; first < n; first += group) {
    const std::size_t count = std::min(group, n - first), ld = count * pixels;
    for (std::size_t s = 0; s < count; ++s)
      im2col(x.data() + (first + s) * g.in_size(), g, columns_.data() + s * pixels, ld);
    gemm(Transpose::kNo, Transpose::kNo, g.out_channels, ld, k, 1.0f, weight().value, k,
         columns_.data(), ld, 0.0f, products_.data(), ld);
    for (std::size_t s = 0; s < count; ++s) {
      float* y = output_.data() + (first + s) * g.out_size();
      for (std::size_t o = 0; o < g.out_channels; ++o) {
        const float* z = products_.data() + o * ld + s * pixels;
        const float b = options_.bias ? bias().value[o] : 0.0f;
        for (std::size_t p = 0; p < pixels; ++p) y[o * pixels + p] = z[p] + b;
      }
    }
  }
  return output_;
}

// Per group of G samples:  dZ = [dY[n] ...]                   (O, G Ho Wo)
//                          dW += dZ col^T                     (O, G Ho Wo) (G Ho Wo, C kh kw)
//                          dB += row sums of dZ
//                          dX[n] = col2im(sample n's columns of W^T dZ)   (C kh kw, O) (O, G Ho Wo)
const Tensor& Conv2D::backward(const Tensor& grad_output) {
  check(input_ != nullptr, "conv2d: backward called before forward");
  check_same_shape(grad_output.shape(), output_.shape(), "conv2d backward: dY vs Y");
  const ConvGeometry& g = geometry_;
  const Tensor& x = *input_;
  const std::size_t n = x.rows(), k = g.patch(), pixels = g.pixels();
  const std::size_t group = group_size(n, g);
  if (needs_input_grad_) {
    grad_input_.resize(x.shape());
    grad_input_.fill(0.0f);
    grad_columns_.resize(Shape{k, group * pixels});
  }
  for (std::size_t first = 0; first < n; first += group) {
    const std::size_t count = std::min(group, n - first), ld = count * pixels;
    for (std::size_t s = 0; s < count; ++s) {
      const float* dy = grad_output.data() + (first + s) * g.out_size();
      for (std::size_t o = 0; o < g.out_channels; ++o)
        std::copy_n(dy + o * pixels, pixels, products_.data() + o * ld + s * pixels);
      im2col(x.data() + (first + s) * g.in_size(), g, columns_.data() + s * pixels, ld);
    }
    gemm(Transpose::kNo, Transpose::kYes, g.out_channels, k, ld, 1.0f, products_.data(), ld,
         columns_.data(), ld, 1.0f, weight().grad, k);
    if (options_.bias) {
      float* db = bias().grad;
      for (std::size_t o = 0; o < g.out_channels; ++o) {
        const float* dz = products_.data() + o * ld;
        float sum = 0.0f;
        for (std::size_t p = 0; p < ld; ++p) sum += dz[p];
        db[o] += sum;
      }
    }
    if (!needs_input_grad_) continue;
    gemm(Transpose::kYes, Transpose::kNo, k, ld, g.out_channels, 1.0f, weight().value, k,
         products_.data(), ld, 0.0f, grad_columns_.data(), ld);
    for (std::size_t s = 0; s < count; ++s)
      col2im(grad_columns_.data() + s * pixels, g, grad_input_.data() + (first + s) * g.in_size(),
             ld);
  }
  return grad_input_;
}

}  // namespace axon
