// What every fuzz target asserts besides "no crash": a rejected input gives an axon::Error whose
// message names the input, so the user learns which file is bad.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "axon/tensor/error.hpp"

namespace axon::fuzz {

inline void expect_names_source(const Error& error, const std::string& source) {
  const std::string message = error.what();
  if (message.find(source) != std::string::npos) return;
  std::fprintf(stderr, "error message does not name '%s': %s\n", source.c_str(), message.c_str());
  std::abort();
}

}  // namespace axon::fuzz
