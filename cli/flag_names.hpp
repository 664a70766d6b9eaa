// Flag spellings and checks: every multi-word flag is accepted with underscores and with dashes;
// numeric flags that must be positive say so with the value given.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace axon::cli {

/// "--learning_rate,--learning-rate" for ("learning_rate"); `aliases` ("--lr") are appended.
std::string flag_names(const std::string& name, const std::string& aliases = "");

/// Accepts numbers > 0: "must be > 0, got 0".
CLI::Validator positive();
/// Accepts finite numbers >= 0: "must be >= 0, got -1".
CLI::Validator non_negative();

}  // namespace axon::cli
