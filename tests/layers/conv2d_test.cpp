// Conv2D: a hand-worked image, the im2col kernel against the plain loops, finite-difference
// gradients, PyTorch 1.13 nn.Conv2d values (forward and backward; fixture and script:
// tests/fixtures/conv.txt, tests/reference/conv.py), settings and errors.
//
// Tolerance against PyTorch and between the kernels: 1e-5 of the largest magnitude. Both sum the
// same float products in another order (a few ulp over at most 27 terms); a tap read from the wrong
// pixel, a padding on the wrong side or a transposed weight is an O(1) error.
#include "axon/layers/conv2d.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "axon/layers/layer_registry.hpp"
#include "support/error_text.hpp"
#include "support/gradient_check.hpp"
#include "support/reference_cases.hpp"

namespace axon {
namespace {

using ::testing::HasSubstr;

TEST(Conv2DTest, HandWorkedImage) {
  // x = [[1 2 3] [4 5 6] [7 8 9]], W = [[1 0] [0 -1]], b = 10: Y[p,q] = x[p,q] - x[p+1,q+1] + 10.
  Conv2D conv(1, 1, {.kernel = 2});
  std::ranges::copy(std::vector<float>{1, 0, 0, -1}, conv.weight().value);
  conv.bias().value[0] = 10.0f;
  const Tensor x(Shape{1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  const Tensor& y = conv.forward(x, false);
  EXPECT_EQ(y.shape(), (Shape{1, 1, 2, 2}));
  EXPECT_THAT(y.to_vector(), ::testing::ElementsAre(6, 6, 6, 6));
  // Padding 1 adds a ring of zeros: the corner output is 0 - x[0,0] + 10.
  Conv2D padded(1, 1, {.kernel = 2, .padding = 1});
  std::ranges::copy(std::vector<float>{1, 0, 0, -1}, padded.weight().value);
  padded.bias().value[0] = 10.0f;
  const Tensor& z = padded.forward(x, false);
  EXPECT_EQ(z.shape(), (Shape{1, 1, 4, 4}));
  EXPECT_FLOAT_EQ(z[0], 9.0f);
  EXPECT_FLOAT_EQ(z[15], 19.0f);  // x[2,2] - 0 + 10
}

struct KernelCase {
  std::size_t n, c, h, w, o;
  Conv2DOptions options;
};

std::vector<KernelCase> kernel_cases() {
  return {
      {2, 1, 5, 5, 2, {.kernel = 3}},
      {2, 3, 7, 6, 4, {.kernel = {3, 2}, .stride = {2, 1}, .padding = 1}},
      {1, 3, 6, 5, 2, {.kernel = 3, .padding = Padding::same(), .bias = false}},
      {2, 1, 5, 6, 3, {.kernel = {2, 4}, .padding = Padding::same()}},
      {2, 2, 9, 8, 3, {.kernel = {3, 2}, .stride = {2, 3}, .padding = {1, 2}, .dilation = {2, 1}}},
      {3, 4, 4, 4, 5, {.kernel = 1}}};
}

TEST(Conv2DTest, Im2colKernelMatchesThePlainLoops) {
  std::vector<KernelCase> cases = kernel_cases();
  // 38x38 outputs: groups of 2 samples per product, the last group holding one.
  cases.push_back({5, 2, 40, 40, 3, {.kernel = 3}});
  ASSERT_EQ(Conv2D::group_size(5, Conv2D(2, 3).geometry(2, 40, 40)), 2u);
  for (const KernelCase& k : cases) {
    Conv2D conv(k.c, k.o, k.options);
    const Tensor x = testing::random_tensor(Shape{k.n, k.c, k.h, k.w}, -1, 1, 7);
    const ConvGeometry g = conv.geometry(k.c, k.h, k.w);
    const float* bias = k.options.bias ? conv.bias().value : nullptr;
    Tensor expected(Shape{k.n, g.out_channels, g.out_h, g.out_w});
    conv2d_forward_reference(x.data(), k.n, g, conv.weight().value, bias, expected.data());
    const Tensor& y = conv.forward(x, true);
    testing::expect_close_to_reference(y.values(), expected.to_vector(), "y");

    const Tensor dy = testing::random_tensor(y.shape(), -1, 1, 8);
    Tensor dx(x.shape());
    std::vector<float> dweight(conv.weight().size()), dbias(k.o);
    conv2d_backward_reference(x.data(), k.n, g, conv.weight().value, dy.data(), dweight.data(),
                              k.options.bias ? dbias.data() : nullptr, dx.data());
    conv.zero_grad();
    const Tensor& got = conv.backward(dy);
    testing::expect_close_to_reference(got.values(), dx.to_vector(), "dx");
    testing::expect_close_to_reference(conv.weight().grads(), dweight, "dweight");
    if (k.options.bias) testing::expect_close_to_reference(conv.bias().grads(), dbias, "dbias");
  }
}

TEST(Conv2DTest, GradientsMatchFiniteDifferences) {
  for (const KernelCase& k : kernel_cases()) {
    Conv2D conv(k.c, k.o, k.options);
    SCOPED_TRACE(conv.options().padding.to_string());
    testing::expect_layer_gradients(conv,
                                    testing::random_tensor(Shape{k.n, k.c, k.h, k.w}, -1, 1, 9));
  }
}

TEST(Conv2DTest, MatchesPyTorchConv2d) {
  const auto cases = testing::load_reference_cases("conv.txt", "conv2d");
  ASSERT_EQ(cases.size(), 7u);
  for (const testing::ReferenceCase& c : cases) {
    SCOPED_TRACE(c.name);
    const bool bias = c.count("bias") == 1;
    Conv2D conv(c.count("c"), c.count("o"),
                {.kernel = {c.count("kh"), c.count("kw")},
                 .stride = {c.count("sh"), c.count("sw")},
                 .padding = Padding::parse(c.settings.at("padding")),
                 .dilation = {c.count("dh"), c.count("dw")},
                 .bias = bias});
    std::ranges::copy(c.at("weight"), conv.weight().value);
    if (bias) std::ranges::copy(c.at("bias"), conv.bias().value);
    const Tensor x(Shape{c.count("n"), c.count("c"), c.count("h"), c.count("w")}, c.at("x"));
    conv.zero_grad();
    const Tensor& y = conv.forward(x, true);
    testing::expect_close_to_reference(y.values(), c.at("y"), "y");
    const Tensor& dx = conv.backward(Tensor(y.shape(), c.at("g")));
    testing::expect_close_to_reference(dx.values(), c.at("dx"), "dx");
    testing::expect_close_to_reference(conv.weight().grads(), c.at("dweight"), "dweight");
    if (bias) testing::expect_close_to_reference(conv.bias().grads(), c.at("dbias"), "dbias");
  }
}

TEST(Conv2DTest, WorkspaceIsKeptAcrossBatches) {
  Conv2D conv(3, 4, {.kernel = 3, .padding = Padding::same()});
  const Tensor big = testing::random_tensor(Shape{4, 3, 8, 8}, -1, 1, 1);
  const Tensor small = testing::random_tensor(Shape{2, 3, 8, 8}, -1, 1, 2);
  conv.backward(conv.forward(big, true));
  const float* output = conv.forward(small, true).data();
  EXPECT_EQ(conv.forward(big, true).data(), output);  // the buffer was not reallocated
}

TEST(Conv2DTest, SettingsRoundTripThroughTheRegistry) {
  Conv2D conv(3, 8, {.kernel = {5, 3}, .stride = {2, 1}, .padding = {2, 1}, .dilation = {1, 2}});
  const auto copy = LayerRegistry::global().make("conv2d", conv.config());
  EXPECT_EQ(copy->config().values(), conv.config().values());
  EXPECT_EQ(copy->output_shape(Shape{3, 28, 28}), (Shape{8, 14, 26}));
  EXPECT_EQ(Conv2D(1, 1, {.kernel = 3, .padding = Padding::same(), .dilation = 2})
                .output_shape(Shape{1, 5, 7}),
            (Shape{1, 5, 7}));
}

TEST(Conv2DTest, BadSettingsAndInputsAreRefusedWithTheReason) {
  using test::error_of;
  EXPECT_THAT(error_of([] { Conv2D(0, 4); }), HasSubstr("in_channels must be > 0, got 0"));
  EXPECT_THAT(error_of([] { Conv2D(1, 4, {.kernel = 0}); }), HasSubstr("kernel must be > 0"));
  EXPECT_THAT(error_of([] { Conv2D(1, 4, {.stride = 2, .padding = Padding::same()}); }),
              HasSubstr("padding 'same' needs stride 1, got 2x2"));
  EXPECT_THAT(error_of([] { Padding::parse("sam"); }), HasSubstr("got 'sam'"));
  EXPECT_THAT(error_of([] { Padding::parse("1,"); }), HasSubstr("got '1,'"));
  Conv2D conv(3, 4, {.kernel = 5});
  EXPECT_THAT(error_of([&] {
                conv.forward(Tensor(Shape{2, 1, 8, 8}), false);
              }),
              HasSubstr("expects 3 input channels, got 1"));
  EXPECT_THAT(error_of([&] {
                conv.forward(Tensor(Shape{2, 3, 4, 8}), false);
              }),
              HasSubstr("a window of 5 does not fit in an input of 4"));
  EXPECT_THAT(error_of([&] {
                conv.forward(Tensor(Shape{2, 192}), false);
              }),
              HasSubstr("expects input of shape (N, C, H, W), got (2, 192)"));
  EXPECT_THAT(error_of([&] { conv.output_features(192); }), HasSubstr("unflatten"));
}

}  // namespace
}  // namespace axon
