// What every fuzz target asserts besides "no crash": a rejected input gives an axon::Error whose
// message names the input, so the user learns which file is bad.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "axon/tensor/error.hpp"

namespace axon::fuzz {

inline void expect_names_source(const Error& error, const std::string& source) {
  // Messages quote user text through axon::printable; a long one is cut short, so its start is
  // what must appear.
  std::string shown = printable(source);
  if (shown.size() >= 3 && shown.ends_with("...")) shown.resize(shown.size() - 3);
  const std::string message = error.what();
  if (message.find(shown) != std::string::npos) return;
  std::fprintf(stderr, "error message does not name '%s': %s\n", shown.c_str(), message.c_str());
  std::abort();
}

}  // namespace axon::fuzz
