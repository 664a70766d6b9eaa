// im2col, col2im and the convolution's reference loops.
#include "axon/layers/conv2d_kernels.hpp"

#include <algorithm>

namespace axon {
namespace {

// The input row or column a window tap reads, or -1 when it falls in the padding.
inline std::ptrdiff_t source_index(std::size_t out, std::size_t stride, std::size_t tap,
                                   std::size_t dilation, std::size_t pad, std::size_t size) {
  const std::ptrdiff_t at =
      static_cast<std::ptrdiff_t>(out * stride + tap * dilation) - static_cast<std::ptrdiff_t>(pad);
  return at >= 0 && at < static_cast<std::ptrdiff_t>(size) ? at : -1;
}

// The output columns [begin, end) whose tap `tap` reads inside a row of `size` pixels; the
// others read padding.
struct ColumnRange {
  std::size_t begin, end;
  std::ptrdiff_t offset;  // the source column of output column q is q stride + offset
};

inline ColumnRange inside_columns(std::size_t tap, const ConvGeometry& g) {
  const std::ptrdiff_t offset =
      static_cast<std::ptrdiff_t>(tap * g.dilation_w) - static_cast<std::ptrdiff_t>(g.pad_w);
  const auto stride = static_cast<std::ptrdiff_t>(g.stride_w);
  const auto width = static_cast<std::ptrdiff_t>(g.width);
  const auto out = static_cast<std::ptrdiff_t>(g.out_w);
  // q stride + offset >= 0  and  q stride + offset < width
  const std::ptrdiff_t begin = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
  const std::ptrdiff_t end = width - offset <= 0 ? 0 : (width - offset + stride - 1) / stride;
  const std::ptrdiff_t b = std::min(begin, out), e = std::clamp(end, b, out);
  return {static_cast<std::size_t>(b), static_cast<std::size_t>(e), offset};
}

// Calls f(wi, xi) for every tap of output channel o's window at output pixel (p, q) that reads
// inside the image, channel by channel and row by row: wi indexes the weight (O, C, kh, kw), xi
// the sample's input (C, H, W). The reference loops' one walk over a window.
template <typename F>
void for_each_tap(const ConvGeometry& g, std::size_t o, std::size_t p, std::size_t q, F&& f) {
  for (std::size_t c = 0; c < g.channels; ++c) {
    for (std::size_t i = 0; i < g.kernel_h; ++i) {
      const std::ptrdiff_t h = source_index(p, g.stride_h, i, g.dilation_h, g.pad_h, g.height);
      if (h < 0) continue;
      for (std::size_t j = 0; j < g.kernel_w; ++j) {
        const std::ptrdiff_t w = source_index(q, g.stride_w, j, g.dilation_w, g.pad_w, g.width);
        if (w < 0) continue;
        f(((o * g.channels + c) * g.kernel_h + i) * g.kernel_w + j,
          (c * g.height + static_cast<std::size_t>(h)) * g.width + static_cast<std::size_t>(w));
      }
    }
  }
}

}  // namespace

void im2col(const float* x, const ConvGeometry& g, float* col, std::size_t ld) {
  for (std::size_t c = 0; c < g.channels; ++c) {
    const float* plane = x + c * g.height * g.width;
    for (std::size_t i = 0; i < g.kernel_h; ++i) {
      for (std::size_t j = 0; j < g.kernel_w; ++j) {
        for (std::size_t p = 0; p < g.out_h; ++p) {
          float* out = col + p * g.out_w;
          const std::ptrdiff_t h = source_index(p, g.stride_h, i, g.dilation_h, g.pad_h, g.height);
          if (h < 0) {
            std::fill_n(out, g.out_w, 0.0f);
            continue;
          }
          const float* row = plane + h * g.width;
          const ColumnRange r = inside_columns(j, g);
          std::fill(out, out + r.begin, 0.0f);
          if (g.stride_w == 1) {
            std::copy_n(row + r.offset + static_cast<std::ptrdiff_t>(r.begin), r.end - r.begin,
                        out + r.begin);
          } else {
            for (std::size_t q = r.begin; q < r.end; ++q)
              out[q] = row[static_cast<std::ptrdiff_t>(q * g.stride_w) + r.offset];
          }
          std::fill(out + r.end, out + g.out_w, 0.0f);
        }
        col += ld;
      }
    }
  }
}

void col2im(const float* col, const ConvGeometry& g, float* dx, std::size_t ld) {
  for (std::size_t c = 0; c < g.channels; ++c) {
    float* plane = dx + c * g.height * g.width;
    for (std::size_t i = 0; i < g.kernel_h; ++i) {
      for (std::size_t j = 0; j < g.kernel_w; ++j) {
        for (std::size_t p = 0; p < g.out_h; ++p) {
          const float* in = col + p * g.out_w;
          const std::ptrdiff_t h = source_index(p, g.stride_h, i, g.dilation_h, g.pad_h, g.height);
          if (h < 0) continue;
          float* row = plane + h * g.width;
          const ColumnRange r = inside_columns(j, g);
          for (std::size_t q = r.begin; q < r.end; ++q)
            row[static_cast<std::ptrdiff_t>(q * g.stride_w) + r.offset] += in[q];
        }
        col += ld;
      }
    }
  }
}

void conv2d_forward_reference(const float* x, std::size_t n, const ConvGeometry& g,
                              const float* weight, const float* bias, float* y) {
  for (std::size_t s = 0; s < n; ++s) {
    const float* xs = x + s * g.in_size();
    for (std::size_t o = 0; o < g.out_channels; ++o) {
      for (std::size_t p = 0; p < g.out_h; ++p) {
        for (std::size_t q = 0; q < g.out_w; ++q) {
          double sum = bias != nullptr ? bias[o] : 0.0;
          for_each_tap(g, o, p, q, [&](std::size_t wi, std::size_t xi) {
            sum += static_cast<double>(weight[wi]) * xs[xi];
          });
          y[((s * g.out_channels + o) * g.out_h + p) * g.out_w + q] = static_cast<float>(sum);
        }
      }
    }
  }
}

void conv2d_backward_reference(const float* x, std::size_t n, const ConvGeometry& g,
                               const float* weight, const float* dy, float* dweight, float* dbias,
                               float* dx) {
  std::fill_n(dx, n * g.in_size(), 0.0f);
  for (std::size_t s = 0; s < n; ++s) {
    const float* xs = x + s * g.in_size();
    float* dxs = dx + s * g.in_size();
    for (std::size_t o = 0; o < g.out_channels; ++o) {
      for (std::size_t p = 0; p < g.out_h; ++p) {
        for (std::size_t q = 0; q < g.out_w; ++q) {
          const float d = dy[((s * g.out_channels + o) * g.out_h + p) * g.out_w + q];
          if (dbias != nullptr) dbias[o] += d;
          for_each_tap(g, o, p, q, [&](std::size_t wi, std::size_t xi) {
            dweight[wi] += d * xs[xi];
            dxs[xi] += d * weight[wi];
          });
        }
      }
    }
  }
}

}  // namespace axon
