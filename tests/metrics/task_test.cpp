// Task names: both spellings parse, the names round-trip, and an unknown name says the choices.
#include "axon/metrics/task.hpp"

#include <gtest/gtest.h>

#include "support/error_text.hpp"

namespace axon {
namespace {

TEST(Task, NamesRoundTrip) {
  for (Task task : {Task::kClassification, Task::kRegression})
    EXPECT_EQ(parse_task(to_string(task)), task);
  EXPECT_EQ(to_string(Task::kClassification), "classification");
  EXPECT_EQ(parse_task("class"), Task::kClassification);
  EXPECT_EQ(parse_task("reg"), Task::kRegression);
}

TEST(Task, UnknownNameSaysTheChoices) {
  EXPECT_EQ(test::error_of([] { parse_task("ranking"); }),
            "unknown task 'ranking' (expected classification or regression)");
}

}  // namespace
}  // namespace axon
