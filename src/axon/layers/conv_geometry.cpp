// Window geometry: padding text and output sizes.
#include "axon/layers/conv_geometry.hpp"

#include <charconv>

#include <fmt/format.h>

#include "axon/tensor/error.hpp"

namespace axon {
namespace {

bool parse_count(std::string_view text, std::size_t& value) {
  const char* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value);
  return !text.empty() && result.ec == std::errc() && result.ptr == end;
}

}  // namespace

Padding Padding::parse(const std::string& text) {
  if (text == "valid") return valid();
  if (text == "same") return same();
  const std::size_t comma = text.find(',');
  std::size_t h = 0, w = 0;
  const bool ok = comma == std::string::npos
                      ? parse_count(text, h) && (w = h, true)
                      : parse_count(std::string_view(text).substr(0, comma), h) &&
                            parse_count(std::string_view(text).substr(comma + 1), w);
  check(ok, "padding must be 'valid', 'same', a count or 'height,width' counts, got '{}'", text);
  return Padding(h, w);
}

std::string Padding::to_string() const {
  switch (kind_) {
    case Kind::kValid:
      return "valid";
    case Kind::kSame:
      return "same";
    case Kind::kCounts:
      break;
  }
  if (counts_.height == counts_.width) return std::to_string(counts_.height);
  return fmt::format("{},{}", counts_.height, counts_.width);
}

std::size_t Padding::before(std::size_t kernel, std::size_t dilation, std::size_t counted) const {
  switch (kind_) {
    case Kind::kValid:
      return 0;
    case Kind::kSame:
      return dilation * (kernel - 1) / 2;
    case Kind::kCounts:
      break;
  }
  return counted;
}

std::size_t Padding::after(std::size_t kernel, std::size_t dilation, std::size_t counted) const {
  if (kind_ == Kind::kSame) return dilation * (kernel - 1) - before(kernel, dilation, counted);
  return before(kernel, dilation, counted);
}

std::size_t WindowAxis::output(const char* what) const {
  const std::size_t span = dilation * (kernel - 1) + 1;
  const std::size_t padded = input + pad_before + pad_after;
  check(padded >= span, "{}: a window of {} does not fit in an input of {} (padded to {})", what,
        span, input, padded);
  return (padded - span) / stride + 1;
}

}  // namespace axon
