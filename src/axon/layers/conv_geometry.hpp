// Window geometry shared by the 2-D layers (convolution and pooling): sizes given as one number or
// a (height, width) pair, and padding as PyTorch's nn.Conv2d takes it ("valid", "same" or counts).
//
//   out = floor((in + pad_before + pad_after - dilation (kernel - 1) - 1) / stride) + 1
#pragma once

#include <cstddef>
#include <string>

namespace axon {

/// A size along height and width: `3` is (3, 3).
struct Size2 {
  std::size_t height = 1;
  std::size_t width = 1;
  Size2() = default;
  Size2(std::size_t both) : height(both), width(both) {}  // NOLINT: 3 reads as (3, 3)
  Size2(std::size_t h, std::size_t w) : height(h), width(w) {}
  friend bool operator==(const Size2&, const Size2&) = default;
};

/// Zero padding around the image. "valid" is none; "same" keeps the size at stride 1, padding
/// dilation (kernel - 1) in total with the odd one after (bottom, right), as PyTorch does; counts
/// pad both sides alike.
class Padding {
 public:
  enum class Kind { kCounts, kValid, kSame };
  Padding() = default;
  Padding(std::size_t both) : counts_(both) {}  // NOLINT: 1 pads one row and column each side
  Padding(std::size_t h, std::size_t w) : counts_(h, w) {}
  static Padding valid() { return Padding(Kind::kValid); }
  static Padding same() { return Padding(Kind::kSame); }
  /// "valid", "same", "2" or "1,2" (height, width); throws axon::Error quoting a bad text.
  static Padding parse(const std::string& text);

  Kind kind() const { return kind_; }
  /// What parse() reads back: "valid", "same", "2" or "1,2".
  std::string to_string() const;
  /// Rows (height) or columns (width) added before and after, for a kernel of `kernel` taps
  /// `dilation` apart.
  std::size_t before(std::size_t kernel, std::size_t dilation, std::size_t counted) const;
  std::size_t after(std::size_t kernel, std::size_t dilation, std::size_t counted) const;
  const Size2& counts() const { return counts_; }

 private:
  explicit Padding(Kind kind) : kind_(kind), counts_(0) {}
  Kind kind_ = Kind::kCounts;
  Size2 counts_{0};
};

/// One axis of a window sliding over an image: input size, kernel, stride, dilation, padding.
struct WindowAxis {
  std::size_t input = 0, kernel = 1, stride = 1, dilation = 1, pad_before = 0, pad_after = 0;
  /// The output size; throws axon::Error naming `what` when the window does not fit once.
  std::size_t output(const char* what) const;
};

}  // namespace axon
