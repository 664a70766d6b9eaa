// Generator specs: names, keys and values parsed with bounds; every bad spec is an error quoting
// it; the memory a spec asks for is counted before anything is generated.
#include "axon/data/generator_spec.hpp"

#include <gtest/gtest.h>

#include "support/error_text.hpp"

namespace axon::data {
namespace {

using test::error_of;

TEST(GeneratorSpec, ParsesNameAndSettings) {
  const GeneratorSpec spec =
      parse_generator_spec("blobs:samples=500,features=8,classes=3,noise=0.2");
  EXPECT_EQ(spec.name, "blobs");
  EXPECT_EQ(spec.options.samples, 500u);
  EXPECT_EQ(spec.options.features, 8u);
  EXPECT_EQ(spec.options.classes, 3u);
  EXPECT_FLOAT_EQ(*spec.options.noise, 0.2f);
  EXPECT_EQ(parse_generator_spec("xor").name, "xor");
  EXPECT_EQ(parse_generator_spec("moons:n=40").options.samples, 40u);
  EXPECT_TRUE(is_generator_spec("spiral:classes=4"));
  EXPECT_FALSE(is_generator_spec("mnist:/tmp"));
}

TEST(GeneratorSpec, RefusesSizesOutOfBounds) {
  EXPECT_EQ(error_of([] { parse_generator_spec("blobs:samples=4611686018427387904"); }),
            "'blobs:samples=4611686018427387904': samples=4611686018427387904 must be between 1 "
            "and 2147483648");
  EXPECT_EQ(error_of([] { parse_generator_spec("blobs:samples=18446744073709551616"); }),
            "'blobs:samples=18446744073709551616': samples=18446744073709551616 is out of range");
  EXPECT_EQ(error_of([] { parse_generator_spec("blobs:samples=-1"); }),
            "'blobs:samples=-1': samples=-1 must be >= 1");
  EXPECT_EQ(error_of([] { parse_generator_spec("blobs:samples=0"); }),
            "'blobs:samples=0': samples=0 must be between 1 and 2147483648");
  EXPECT_EQ(error_of([] { parse_generator_spec("blobs:features=1048577"); }),
            "'blobs:features=1048577': features=1048577 must be between 1 and 1048576");
  EXPECT_EQ(error_of([] { parse_generator_spec("spiral:classes=1"); }),
            "'spiral:classes=1': classes=1 must be between 2 and 65536");
}

TEST(GeneratorSpec, RefusesMalformedSpecsQuotingThem) {
  EXPECT_EQ(error_of([] { parse_generator_spec("blobs:samples"); }),
            "'blobs:samples': 'samples' is not key=value");
  EXPECT_EQ(error_of([] { parse_generator_spec("blobs:samples=12x"); }),
            "'blobs:samples=12x': samples=12x is not a valid number");
  EXPECT_EQ(error_of([] { parse_generator_spec("blobs:samples="); }),
            "'blobs:samples=': samples= is empty");
  EXPECT_EQ(error_of([] { parse_generator_spec("blobs:noise=nan"); }),
            "'blobs:noise=nan': noise=nan must be a number >= 0");
  EXPECT_EQ(error_of([] { parse_generator_spec("blobs:depth=3"); }),
            "'blobs:depth=3': unknown parameter 'depth' (expected samples, noise, classes or "
            "features)");
  EXPECT_NE(error_of([] {
              parse_generator_spec("bobs:samples=3");
            }).find("'bobs:samples=3': unknown generator 'bobs'"),
            std::string::npos);
}

TEST(GeneratorSpec, CountsTheMemoryBeforeGenerating) {
  const GeneratorSpec small = parse_generator_spec("blobs:samples=100,features=4");
  EXPECT_EQ(generated_bytes(small), 100u * 5 * 3 * 4);
  Rng rng(1);
  EXPECT_EQ(generate(small, "blobs:samples=100,features=4", rng).size(), 100u);
  const std::string text = "blobs:samples=2000000000,features=1000000";
  const GeneratorSpec huge = parse_generator_spec(text);
  EXPECT_GT(generated_bytes(huge), std::uint64_t{1} << 53);
  const std::string message = error_of([&] { generate(huge, text, rng); });
  EXPECT_NE(message.find("generating '" + text + "' needs 24 PB"), std::string::npos) << message;
}

}  // namespace
}  // namespace axon::data
