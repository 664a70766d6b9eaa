// Generator specs: the text "NAME[:key=value,...]" that names a built-in dataset and its settings
// (`axon train --data blobs:samples=500,features=8`), parsed with every size bounded, so a spec
// from a user or a fuzzer can only give a dataset or an error.
//
//   samples (or n)   total samples, 1 to kMaxGeneratedSamples
//   features         features per sample (blobs, classification), 1 to kMaxGeneratedFeatures
//   classes          classes (blobs, spiral, classification), 2 to kMaxGeneratedClasses
//   noise            a finite number >= 0 (classification: the label-flip fraction, <= 1)
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "axon/data/generators.hpp"

namespace axon::data {

inline constexpr std::size_t kMaxGeneratedSamples = std::size_t{1} << 31;
inline constexpr std::size_t kMaxGeneratedFeatures = std::size_t{1} << 20;
inline constexpr std::size_t kMaxGeneratedClasses = std::size_t{1} << 16;

struct GeneratorSpec {
  std::string name;  ///< one of generator_names()
  GeneratorOptions options;
};

/// Whether `spec`'s name (the part before ':') is a generator's.
bool is_generator_spec(const std::string& spec);

/// Parses `spec`; throws axon::Error quoting the spec and naming the bad key or value: an
/// unknown generator or key, a value that is not a number, or a size out of its bounds.
GeneratorSpec parse_generator_spec(const std::string& spec);

/// The bytes generate() will hold at its peak for `spec` (the samples, their targets and the
/// copies shuffling makes), from the settings alone; saturates instead of wrapping.
std::uint64_t generated_bytes(const GeneratorSpec& spec);

/// generate(spec.name, rng, spec.options), after checking generated_bytes(spec) against the
/// memory budget (the error names the spec and the numbers).
Dataset generate(const GeneratorSpec& spec, const std::string& text, Rng& rng);

}  // namespace axon::data
