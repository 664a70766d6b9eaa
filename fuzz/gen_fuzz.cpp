// Fuzz target: generator specs ("blobs:samples=500,features=8") through parse_generator_spec and,
// when the spec asks for a small dataset, generate. A rejected spec must give an axon::Error that
// quotes it; an accepted one a dataset of the sizes it asked for.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "axon/data/generator_spec.hpp"
#include "fuzz_check.hpp"

namespace {

// Larger datasets are parsed but not generated: the target checks parsing, not the generators'
// speed on millions of samples.
constexpr std::uint64_t kMaxGeneratedBytes = std::uint64_t{1} << 20;

void expect(bool ok, const char* what, const std::string& spec) {
  if (ok) return;
  std::fprintf(stderr, "'%s': %s\n", spec.c_str(), what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string spec(reinterpret_cast<const char*>(data), size);
  try {
    const axon::data::GeneratorSpec parsed = axon::data::parse_generator_spec(spec);
    const axon::data::GeneratorOptions& o = parsed.options;
    expect(!o.samples || (*o.samples >= 1 && *o.samples <= axon::data::kMaxGeneratedSamples),
           "samples out of bounds", spec);
    expect(!o.features || (*o.features >= 1 && *o.features <= axon::data::kMaxGeneratedFeatures),
           "features out of bounds", spec);
    expect(!o.classes || (*o.classes >= 2 && *o.classes <= axon::data::kMaxGeneratedClasses),
           "classes out of bounds", spec);
    if (axon::data::generated_bytes(parsed) > kMaxGeneratedBytes) return 0;
    axon::Rng rng(1);
    const axon::Dataset dataset = axon::data::generate(parsed, spec, rng);
    expect(dataset.size() > 0 && dataset.inputs.rows() == dataset.targets.rows(),
           "inconsistent dataset", spec);
    expect(!o.features || dataset.features() == *o.features || parsed.name != "blobs",
           "blobs ignored features", spec);
  } catch (const axon::Error& e) {
    axon::fuzz::expect_names_source(e, spec);
  }
  return 0;
}
