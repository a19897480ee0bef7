#include "clients/cli/step_syntax.h"

#include <string>
#include <utility>
#include <vector>

#include "clients/cli/enum_names.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace remarkgraph::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(EnumNamesTest, AcceptsAnyCaseWithOrWithoutPrefix) {
  for (const char* text :
       {"meeting", "MEETING", "NODE_KIND_MEETING", "Meeting"}) {
    absl::StatusOr<v1::NodeKind> kind = ParseNodeKind(text);
    ASSERT_TRUE(kind.ok()) << text;
    EXPECT_EQ(*kind, v1::NODE_KIND_MEETING);
  }
  EXPECT_EQ(*ParseEdgeKind("replies-to"), v1::EDGE_KIND_REPLIES_TO);
  EXPECT_EQ(*ParseEdgeKind("references"), v1::EDGE_KIND_REFERENCES);
  EXPECT_EQ(*ParseDirection("in"), v1::DIRECTION_INCOMING);
  EXPECT_EQ(*ParseDirection("BOTH"), v1::DIRECTION_BOTH);
}

TEST(EnumNamesTest, RejectsUnknownAndUnspecified) {
  absl::StatusOr<v1::NodeKind> kind = ParseNodeKind("meetings");
  ASSERT_FALSE(kind.ok());
  EXPECT_THAT(std::string(kind.status().message()),
              HasSubstr("one of: body, meeting, item"));
  EXPECT_FALSE(ParseNodeKind("unspecified").ok());
  EXPECT_FALSE(ParseStance("").ok());
}

TEST(EnumNamesTest, PrintsShortNames) {
  EXPECT_EQ(ShortName(v1::EDGE_KIND_SPOKEN_BY), "SPOKEN_BY");
  EXPECT_EQ(ShortName(v1::STANCE_UNSPECIFIED), "-");
}

TEST(ParseStepTest, ReadsEveryField) {
  absl::StatusOr<v1::TraversalStep> step =
      ParseStep("in:references,adopts:remark:support,concern");
  ASSERT_TRUE(step.ok()) << step.status();
  EXPECT_EQ(step->direction(), v1::DIRECTION_INCOMING);
  EXPECT_THAT(step->edge_kinds(),
              ElementsAre(v1::EDGE_KIND_REFERENCES, v1::EDGE_KIND_ADOPTS));
  EXPECT_THAT(step->node_kinds(), ElementsAre(v1::NODE_KIND_REMARK));
  EXPECT_THAT(step->stances(),
              ElementsAre(v1::STANCE_SUPPORT, v1::STANCE_CONCERN));
}

TEST(ParseStepTest, EmptyOrStarMeansAny) {
  absl::StatusOr<v1::TraversalStep> step = ParseStep("out:*:item");
  ASSERT_TRUE(step.ok()) << step.status();
  EXPECT_TRUE(step->edge_kinds().empty());
  EXPECT_THAT(step->node_kinds(), ElementsAre(v1::NODE_KIND_ITEM));
  step = ParseStep("both");
  ASSERT_TRUE(step.ok()) << step.status();
  EXPECT_EQ(step->direction(), v1::DIRECTION_BOTH);
  EXPECT_TRUE(step->edge_kinds().empty());
  step = ParseStep("out::person");
  ASSERT_TRUE(step.ok()) << step.status();
  EXPECT_THAT(step->node_kinds(), ElementsAre(v1::NODE_KIND_PERSON));
}

TEST(ParseStepTest, RejectsBadSteps) {
  for (const char* text :
       {"sideways:references", "out:refrences", "out:*:meetin", "out:*:*:happy",
        "out:a:b:c:d", ""}) {
    absl::StatusOr<v1::TraversalStep> step = ParseStep(text);
    ASSERT_FALSE(step.ok()) << text;
    EXPECT_THAT(std::string(step.status().message()), HasSubstr("--step"));
  }
}

TEST(ParseFilterTest, ReadsEachOperator) {
  const std::vector<std::pair<std::string, v1::PropertyFilter::Operator>>
      cases = {
          {"title=A", v1::PropertyFilter::OPERATOR_EQUALS},
          {"title!=A", v1::PropertyFilter::OPERATOR_NOT_EQUALS},
          {"title~A", v1::PropertyFilter::OPERATOR_CONTAINS},
          {"title>=A", v1::PropertyFilter::OPERATOR_AT_LEAST},
          {"title<=A", v1::PropertyFilter::OPERATOR_AT_MOST},
      };
  for (const auto& [text, op] : cases) {
    absl::StatusOr<v1::PropertyFilter> filter = ParseFilter(text);
    ASSERT_TRUE(filter.ok()) << text;
    EXPECT_EQ(filter->key(), "title");
    EXPECT_EQ(filter->operator_(), op) << text;
    EXPECT_EQ(filter->value(), "A");
  }
}

TEST(ParseFilterTest, ValueMayHoldOperatorsAndJapanese) {
  absl::StatusOr<v1::PropertyFilter> filter =
      ParseFilter("properties.note~a=b>=c");
  ASSERT_TRUE(filter.ok());
  EXPECT_EQ(filter->key(), "properties.note");
  EXPECT_EQ(filter->value(), "a=b>=c");
  filter = ParseFilter("title~サイバー");
  ASSERT_TRUE(filter.ok());
  EXPECT_EQ(filter->value(), "サイバー");
  filter = ParseFilter("date=");
  ASSERT_TRUE(filter.ok());
  EXPECT_EQ(filter->value(), "");
}

TEST(ParseFilterTest, SendsItemKindAndOutcomeNamesAsNumbers) {
  EXPECT_EQ(ParseFilter("item_kind=decision")->value(), "1");
  EXPECT_EQ(ParseFilter("outcome!=ITEM_OUTCOME_DEFERRED")->value(), "3");
  EXPECT_EQ(ParseFilter("item_kind=2")->value(), "2");
  EXPECT_EQ(ParseFilter("title=decision")->value(), "decision");
  absl::StatusOr<v1::PropertyFilter> bad = ParseFilter("outcome=maybe");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()),
              HasSubstr("one of: adopted, rejected, deferred"));
}

TEST(ParseFilterTest, RejectsMissingKeyOrOperator) {
  EXPECT_FALSE(ParseFilter("=x").ok());
  EXPECT_FALSE(ParseFilter("title").ok());
}

TEST(ParseStepsTest, FiltersAndStancesQualifyTheStepBefore) {
  absl::StatusOr<std::vector<v1::TraversalStep>> steps = ParseSteps({
      {"step", "in:references:remark"},
      {"stance", "concern"},
      {"max-depth", "3"},
      {"step", "out:spoken_by:person"},
      {"filter", "title~後藤"},
  });
  ASSERT_TRUE(steps.ok()) << steps.status();
  ASSERT_EQ(steps->size(), 2u);
  EXPECT_THAT((*steps)[0].stances(), ElementsAre(v1::STANCE_CONCERN));
  EXPECT_TRUE((*steps)[0].filters().empty());
  ASSERT_EQ((*steps)[1].filters_size(), 1);
  EXPECT_EQ((*steps)[1].filters(0).value(), "後藤");
}

TEST(ParseStepsTest, RejectsAFilterBeforeAnyStep) {
  absl::StatusOr<std::vector<v1::TraversalStep>> steps =
      ParseSteps({{"filter", "title=x"}, {"step", "out"}});
  ASSERT_FALSE(steps.ok());
  EXPECT_THAT(std::string(steps.status().message()), HasSubstr("--step first"));
}

}  // namespace
}  // namespace remarkgraph::cli
