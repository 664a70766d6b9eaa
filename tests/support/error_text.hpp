// The message of the axon::Error a call throws, for tests that check what an error says.
#pragma once

#include <functional>
#include <string>

#include "axon/tensor/error.hpp"

namespace axon::test {

/// The what() of the axon::Error that `f` throws, or "(no error)" when it returns.
inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace axon::test
