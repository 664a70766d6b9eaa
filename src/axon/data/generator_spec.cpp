// Generator specs: splitting "NAME:key=value,..." and checking each value against its bounds.
#include "axon/data/generator_spec.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "axon/tensor/error.hpp"
#include "axon/tensor/memory_budget.hpp"

namespace axon::data {
namespace {

template <typename T>
T parse_value(const std::string& spec, const std::string& key, const std::string& text) {
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  check(!text.empty() && error != std::errc::result_out_of_range, "'{}': {}={} is {}",
        printable(spec), printable(key), printable(text), text.empty() ? "empty" : "out of range");
  check(error == std::errc() && end == text.data() + text.size(),
        "'{}': {}={} is not a valid number", printable(spec), printable(key), printable(text));
  return value;
}

std::size_t parse_size(const std::string& spec, const std::string& key, const std::string& text,
                       std::size_t low, std::size_t high) {
  check(text.empty() || text.front() != '-', "'{}': {}={} must be >= {}", printable(spec),
        printable(key), printable(text), low);
  const auto value = parse_value<std::size_t>(spec, key, text);
  check(value >= low && value <= high, "'{}': {}={} must be between {} and {}", printable(spec),
        printable(key), value, low, high);
  return value;
}

std::uint64_t saturating_mul(std::uint64_t a, std::uint64_t b) {
  std::uint64_t product = 0;
  return __builtin_mul_overflow(a, b, &product) ? std::numeric_limits<std::uint64_t>::max()
                                                : product;
}

}  // namespace

bool is_generator_spec(const std::string& spec) {
  const std::string name = spec.substr(0, spec.find(':'));
  const auto& names = generator_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

GeneratorSpec parse_generator_spec(const std::string& spec) {
  const std::size_t colon = spec.find(':');
  GeneratorSpec parsed;
  parsed.name = spec.substr(0, colon);
  check(is_generator_spec(spec), "'{}': unknown generator '{}' (expected one of: {})",
        printable(spec), printable(parsed.name), fmt::join(generator_names(), ", "));
  const std::string params = colon == std::string::npos ? "" : spec.substr(colon + 1);
  GeneratorOptions& options = parsed.options;
  std::size_t start = 0;
  while (start <= params.size() && !params.empty()) {
    std::size_t end = params.find(',', start);
    if (end == std::string::npos) end = params.size();
    const std::string item = params.substr(start, end - start);
    start = end + 1;
    const std::size_t eq = item.find('=');
    check(eq != std::string::npos, "'{}': '{}' is not key=value", printable(spec), printable(item));
    const std::string key = item.substr(0, eq), value = item.substr(eq + 1);
    if (key == "samples" || key == "n") {
      options.samples = parse_size(spec, key, value, 1, kMaxGeneratedSamples);
    } else if (key == "noise") {
      const auto noise = parse_value<float>(spec, key, value);
      check(std::isfinite(noise) && noise >= 0.0f, "'{}': noise={} must be a number >= 0",
            printable(spec), printable(value));
      options.noise = noise;
    } else if (key == "classes") {
      options.classes = parse_size(spec, key, value, 2, kMaxGeneratedClasses);
    } else if (key == "features") {
      options.features = parse_size(spec, key, value, 1, kMaxGeneratedFeatures);
    } else {
      throw Error(
          fmt::format("'{}': unknown parameter '{}' (expected samples, noise, classes or features)",
                      printable(spec), printable(key)));
    }
  }
  return parsed;
}

std::uint64_t generated_bytes(const GeneratorSpec& spec) {
  const GeneratorOptions& o = spec.options;
  const std::uint64_t samples = std::max<std::uint64_t>(o.samples.value_or(1000), 4);
  const std::uint64_t features = o.features.value_or(20);
  // Inputs and targets, held up to three times (the data, a shuffled copy, a permuted copy).
  std::uint64_t bytes = saturating_mul(saturating_mul(samples, features + 1), 3 * sizeof(float));
  if (spec.name == "classification") {  // one informative x informative matrix at a time
    const std::uint64_t informative = features * 3 / 4 + 1;
    const std::uint64_t matrix = saturating_mul(saturating_mul(informative, informative), 4);
    bytes = matrix > std::numeric_limits<std::uint64_t>::max() - bytes
                ? std::numeric_limits<std::uint64_t>::max()
                : bytes + matrix;
  }
  return bytes;
}

Dataset generate(const GeneratorSpec& spec, const std::string& text, Rng& rng) {
  check_fits_in_memory(generated_bytes(spec), "", fmt::format("generating '{}'", printable(text)));
  try {
    return generate(spec.name, rng, spec.options);
  } catch (const Error& e) {  // a bound a generator sets itself ("circles: samples must be >= 2")
    throw Error(fmt::format("'{}': {}", printable(text), e.what()));
  }
}

}  // namespace axon::data
