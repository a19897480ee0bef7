#include "tests/torture/report.h"

#include "gtest/gtest.h"

namespace remarkgraph::torture {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1000);
const absl::Time kEnd = kStart + absl::Seconds(100);

TEST(StepOf, CountsTheStepsThatHaveEnded) {
  EXPECT_EQ(StepOf(kStart, kEnd, kStart, 10), 0);
  EXPECT_EQ(StepOf(kStart, kEnd, kStart + absl::Seconds(9), 10), 0);
  EXPECT_EQ(StepOf(kStart, kEnd, kStart + absl::Seconds(10), 10), 1);
  // The soak once divided one absl::Duration by another, an integer
  // division: every step but the last read as 0 and RSS was printed once.
  EXPECT_EQ(StepOf(kStart, kEnd, kStart + absl::Seconds(35), 10), 3);
  EXPECT_EQ(StepOf(kStart, kEnd, kStart + absl::Milliseconds(99999), 10), 9);
  EXPECT_EQ(StepOf(kStart, kEnd, kStart + absl::Seconds(50), 20), 10);
}

TEST(StepOf, IsTheLastStepAtAndAfterTheEnd) {
  EXPECT_EQ(StepOf(kStart, kEnd, kEnd, 10), 10);
  EXPECT_EQ(StepOf(kStart, kEnd, kEnd + absl::Hours(1), 10), 10);
  EXPECT_EQ(StepOf(kStart, kStart, kStart, 4), 4);
}

TEST(StepOf, IsZeroBeforeTheStart) {
  EXPECT_EQ(StepOf(kStart, kEnd, kStart - absl::Seconds(5), 10), 0);
}

}  // namespace
}  // namespace remarkgraph::torture
