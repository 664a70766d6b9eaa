// The failing side of check(): the only place its messages are formatted.
#include "axon/tensor/error.hpp"

namespace axon::detail {

void throw_error(fmt::string_view format, fmt::format_args args) {
  throw Error(fmt::vformat(format, args));
}

}  // namespace axon::detail
