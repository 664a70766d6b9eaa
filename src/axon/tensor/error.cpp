// The failing side of check(): the only place its messages are formatted.
#include "axon/tensor/error.hpp"

namespace axon {

std::string printable(std::string_view text, std::size_t max_shown) {
  std::string out;
  for (std::size_t i = 0; i < text.size() && i < max_shown; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f)
      out += static_cast<char>(c);
    else
      out += fmt::format("\\x{:02x}", c);
  }
  if (text.size() > max_shown) out += "...";
  return out;
}

}  // namespace axon

namespace axon::detail {

void throw_error(fmt::string_view format, fmt::format_args args) {
  throw Error(fmt::vformat(format, args));
}

}  // namespace axon::detail
