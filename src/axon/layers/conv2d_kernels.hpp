// The convolution's kernels: im2col and col2im, which turn a convolution into one matrix product
// per sample (fed to axon::gemm, so to OpenBLAS or to the bf16 tiles), and the plain loops they are
// tested against.
//
//   X: (N, C, H, W)   W: (O, C, kh, kw)   B: (O)   Y: (N, O, Ho, Wo)        (NCHW, as PyTorch)
//   Y[n,o,p,q] = B[o] + sum_{c,i,j} W[o,c,i,j] X[n, c, p sh + i dh - ph, q sw + j dw - pw]
//   (X read as 0 outside the image)
//
// Layout: im2col writes one sample's patches as a (C kh kw, Ho Wo) matrix, row (c, i, j), column
// (p, q). With the weight read as (O, C kh kw), the product W col is (O, Ho Wo): sample n of Y in
// NCHW, and the weight keeps PyTorch's layout. Conv2D puts the columns of a group of G samples
// side by side, (C kh kw, G Ho Wo), so one product covers the group: about 4096 columns, enough
// for the matrix kernel to run at speed (one sample of a 13x13 map is 121 columns, and a product
// per sample spends its time starting threads), while the workspace stays a few MB (a whole batch
// of 128 would take 100 MB for a 3x3 convolution of 32 channels on 26x26 maps). The product's
// (O, G Ho Wo) result is copied into the G samples' places in Y, adding the bias on the way.
#pragma once

#include <cstddef>

namespace axon {

/// The sizes of one convolution: input, kernel, stride, dilation, padding before (top, left) and
/// output.
struct ConvGeometry {
  std::size_t channels = 0, height = 0, width = 0;  // C, H, W
  std::size_t out_channels = 0;                     // O
  std::size_t kernel_h = 1, kernel_w = 1;           // kh, kw
  std::size_t stride_h = 1, stride_w = 1;           // sh, sw
  std::size_t dilation_h = 1, dilation_w = 1;       // dh, dw
  std::size_t pad_h = 0, pad_w = 0;                 // ph, pw: rows above, columns left
  std::size_t out_h = 0, out_w = 0;                 // Ho, Wo

  std::size_t patch() const { return channels * kernel_h * kernel_w; }  // C kh kw
  std::size_t pixels() const { return out_h * out_w; }                  // Ho Wo
  std::size_t in_size() const { return channels * height * width; }
  std::size_t out_size() const { return out_channels * out_h * out_w; }
};

/// col[(c kh + i) kw + j, p Wo + q] = X[c, p sh + i dh - ph, q sw + j dw - pw] (0 outside), for one
/// sample x of (C, H, W); col is (C kh kw, Ho Wo) with rows `ld` floats apart (ld >= Ho Wo), so
/// the samples of a group can sit side by side in one wider matrix.
void im2col(const float* x, const ConvGeometry& g, float* col, std::size_t ld);

/// The adjoint of im2col: dx[c, h, w] += every col entry im2col read from (c, h, w). dx: (C, H, W).
void col2im(const float* col, const ConvGeometry& g, float* dx, std::size_t ld);

/// Y by the formula's loops, for `n` samples (bias may be null).
void conv2d_forward_reference(const float* x, std::size_t n, const ConvGeometry& g,
                              const float* weight, const float* bias, float* y);

/// dW += sum dY X, dB += sum dY, dX = sum dY W by the same loops (dbias may be null; dx is
/// overwritten).
void conv2d_backward_reference(const float* x, std::size_t n, const ConvGeometry& g,
                               const float* weight, const float* dy, float* dweight, float* dbias,
                               float* dx);

}  // namespace axon
