// Flag spellings and checks: every multi-word flag is accepted with underscores and with dashes;
// numeric flags that must be positive say so with the value given.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace axon::cli {

/// "--learning_rate,--learning-rate" for ("learning_rate"); `aliases` ("--lr") are appended.
std::string flag_names(const std::string& name, const std::string& aliases = "");

/// Accepts numbers > 0: "must be > 0, got 0".
CLI::Validator positive();
/// Accepts finite numbers >= 0: "must be >= 0, got -1".
CLI::Validator non_negative();
/// Accepts whole numbers from `min` to `max` written in digits (no sign, no exponent), before
/// the flag's unsigned type could wrap a negative value or clamp a huge one:
/// "must be a whole number from 1 to 1000000000, got -1".
CLI::Validator whole_number(std::uint64_t min, std::uint64_t max);

/// The largest count (epochs, batch size, patience, ...) a flag accepts: a billion.
inline constexpr std::uint64_t kMaxCount = 1'000'000'000;

}  // namespace axon::cli
