// check(): a passing check formats nothing (the arguments' formatters never run), a failing one
// throws axon::Error with the formatted message; shapes format as Shape::to_string does.
#include "axon/tensor/error.hpp"

#include <gtest/gtest.h>

#include "axon/tensor/shape.hpp"

namespace axon::test {
namespace {

// Counts how often fmt formats it.
struct Counted {
  int* formatted;
};

}  // namespace
}  // namespace axon::test

template <>
struct fmt::formatter<axon::test::Counted> : fmt::formatter<int> {
  template <typename FormatContext>
  auto format(const axon::test::Counted& c, FormatContext& context) const {
    return fmt::formatter<int>::format(++*c.formatted, context);
  }
};

namespace axon::test {
namespace {

TEST(Check, FormatsOnlyWhenItFails) {
  int formatted = 0;
  const Counted counted{&formatted};
  for (int i = 0; i < 3; ++i) check(true, "never shown {}", counted);
  EXPECT_EQ(formatted, 0);
  try {
    check(false, "failed after {} formats", counted);
    FAIL() << "check(false, ...) did not throw";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "failed after 1 formats");
  }
  EXPECT_EQ(formatted, 1);
}

TEST(Check, ShapesFormatAsToString) {
  const Shape shape{128, 784};
  EXPECT_EQ(fmt::format("{}", shape), "(128, 784)");
  EXPECT_EQ(fmt::format("{}", shape), shape.to_string());
  try {
    check(false, "got shape {}", shape);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "got shape (128, 784)");
  }
}

}  // namespace
}  // namespace axon::test
