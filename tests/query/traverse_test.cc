// Traverse on a real store: steps, filters, order, cycles and every budget.
#include <algorithm>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "query/query_engine.h"
#include "tests/query/query_fixture.h"

namespace remarkgraph::query::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAreArray;

Step Out(std::vector<EdgeKind> kinds = {}) {
  Step step;
  step.direction = Direction::kOutgoing;
  step.edge_kinds = std::move(kinds);
  return step;
}

Step In(std::vector<EdgeKind> kinds = {}) {
  Step step;
  step.direction = Direction::kIncoming;
  step.edge_kinds = std::move(kinds);
  return step;
}

Step Both(std::vector<EdgeKind> kinds = {}) {
  Step step;
  step.direction = Direction::kBoth;
  step.edge_kinds = std::move(kinds);
  return step;
}

TraverseSpec Spec(std::vector<std::string> seeds, std::vector<Step> steps) {
  TraverseSpec spec;
  spec.seeds = std::move(seeds);
  spec.steps = std::move(steps);
  return spec;
}

class TraverseTest : public QueryTest {
 protected:
  void SetUp() override {
    QueryTest::SetUp();
    BuildCouncil();
  }

  std::vector<std::string> Names(const std::vector<TraversalHit>& hits) {
    std::vector<std::string> names;
    for (const TraversalHit& hit : hits) names.push_back(hit.node->name());
    return names;
  }

  // Names of the council remarks satisfying `pred`.
  template <typename Pred>
  std::vector<std::string> RemarksWhere(Pred pred) {
    std::vector<std::string> names;
    for (const RemarkSpec& r : CouncilRemarks()) {
      if (pred(r)) names.push_back(r.name());
    }
    return names;
  }
};

TEST_F(TraverseTest, OneStepFollowsEdgeKindAndRecordsVia) {
  auto walked = Walk(Spec({"meetings/m1"}, {Out({EdgeKind::kHasItem})}));
  ASSERT_TRUE(walked.ok()) << walked.status();
  ASSERT_THAT(Names(walked->hits), ElementsAre("meetings/m1/items/1"));
  const TraversalHit& hit = walked->hits[0];
  EXPECT_EQ(hit.depth, 1);
  EXPECT_EQ(hit.id, Id("meetings/m1/items/1"));
  ASSERT_TRUE(hit.via.has_value());
  EXPECT_EQ(hit.via->kind, EdgeKind::kHasItem);
  EXPECT_EQ(hit.via->source, Id("meetings/m1"));
  EXPECT_EQ(hit.via->target, hit.id);
  EXPECT_FALSE(walked->stats.truncated());
  EXPECT_EQ(walked->stats.nodes_visited, 1);
}

TEST_F(TraverseTest, StepsApplyAtSuccessiveDepths) {
  // Item <- REFERENCES remarks -> SPOKEN_BY people.
  auto walked =
      Walk(Spec({"meetings/m1/items/1"},
                {In({EdgeKind::kReferences}), Out({EdgeKind::kSpokenBy})}));
  ASSERT_TRUE(walked.ok()) << walked.status();
  std::vector<std::string> referencing;
  std::set<std::string> speakers;
  for (const LinkSpec& link : CouncilLinks()) {
    if (link.target != "meetings/m1/items/1") continue;
    referencing.push_back(link.remark);
    for (const RemarkSpec& r : CouncilRemarks()) {
      if (r.name() == link.remark && !r.person.empty())
        speakers.insert(r.person);
    }
  }
  std::vector<std::string> depth1, depth2;
  int last_depth = 0;
  for (const TraversalHit& hit : walked->hits) {
    EXPECT_GE(hit.depth, last_depth) << "hits must come by depth";
    last_depth = hit.depth;
    (hit.depth == 1 ? depth1 : depth2).push_back(hit.node->name());
    EXPECT_TRUE(hit.depth == 1 || hit.depth == 2);
  }
  EXPECT_THAT(depth1, UnorderedElementsAreArray(referencing));
  EXPECT_THAT(depth2, UnorderedElementsAreArray(std::vector<std::string>(
                          speakers.begin(), speakers.end())));
  // Within one node, storage order: incoming edges by neighbour id.
  std::vector<NodeId> ids;
  for (const TraversalHit& hit : walked->hits) {
    if (hit.depth == 1) ids.push_back(hit.id);
  }
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
}

TEST_F(TraverseTest, NodeKindFilter) {
  Step step = Both();
  step.node_kinds = {NodeKind::kRemark};
  auto walked = Walk(Spec({"meetings/m2"}, {step}));
  ASSERT_TRUE(walked.ok()) << walked.status();
  EXPECT_THAT(Names(walked->hits),
              UnorderedElementsAreArray(RemarksWhere(
                  [](const RemarkSpec& r) { return r.meeting == "m2"; })));
  for (const TraversalHit& hit : walked->hits) {
    EXPECT_EQ(hit.node->kind(), static_cast<uint32_t>(NodeKind::kRemark));
  }
}

TEST_F(TraverseTest, PropertyFilters) {
  auto items_about = [&](std::vector<PropertyFilter> filters) {
    Step step = In({EdgeKind::kAbout});
    step.filters = std::move(filters);
    auto walked = Walk(Spec({"matters/strategy"}, {step}));
    EXPECT_TRUE(walked.ok()) << walked.status();
    return walked.ok() ? Names(walked->hits) : std::vector<std::string>{};
  };
  using Op = PropertyFilter::Op;
  // An item's date is its meeting's.
  EXPECT_THAT(items_about({{"date", Op::kAtLeast, "2024-03-01"}}),
              ElementsAre("meetings/m3/items/1"));
  EXPECT_THAT(items_about({{"date", Op::kAtMost, "2024-03-01"}}),
              ElementsAre("meetings/m1/items/1"));
  EXPECT_THAT(items_about({{"properties.area", Op::kEquals, "cyber"}}),
              ElementsAre("meetings/m1/items/1"));
  // A missing property is "not equal".
  EXPECT_THAT(items_about({{"properties.area", Op::kNotEquals, "cyber"}}),
              ElementsAre("meetings/m3/items/1"));
  EXPECT_THAT(items_about({{"title", Op::kContains, "決定"}}),
              ElementsAre("meetings/m3/items/1"));
  EXPECT_THAT(items_about({{"outcome", Op::kEquals, "2"}}),
              ElementsAre("meetings/m3/items/1"));
  EXPECT_THAT(items_about({{"item_kind", Op::kEquals, "1"},
                           {"outcome", Op::kAtMost, "1"}}),
              ElementsAre("meetings/m1/items/1"));

  // Remarks by their printed speaker label.
  Step step = In({EdgeKind::kInMeeting});
  step.filters = {{"speaker_label", Op::kEquals, "鈴木委員"}};
  auto walked = Walk(Spec({"meetings/m1", "meetings/m2"}, {step}));
  ASSERT_TRUE(walked.ok()) << walked.status();
  EXPECT_THAT(Names(walked->hits),
              UnorderedElementsAreArray(RemarksWhere([](const RemarkSpec& r) {
                return r.label == "鈴木委員" &&
                       (r.meeting == "m1" || r.meeting == "m2");
              })));
}

TEST_F(TraverseTest, UnknownFilterKeyIsInvalid) {
  Step step = Out();
  step.filters = {{"colour", PropertyFilter::Op::kEquals, "red"}};
  auto walked = Walk(Spec({"meetings/m1"}, {step}));
  EXPECT_EQ(walked.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(walked.status().message(), HasSubstr("colour"));
}

TEST_F(TraverseTest, StanceFilterAppliesToReferences) {
  Step step = In({EdgeKind::kReferences, EdgeKind::kAdopts});
  step.stances = {Stance::kSupport};
  auto walked =
      Walk(Spec({"meetings/m1/items/1", "meetings/m3/items/1"}, {step}));
  ASSERT_TRUE(walked.ok()) << walked.status();
  std::set<std::string> expected;
  for (const LinkSpec& link : CouncilLinks()) {
    if ((link.target == "meetings/m1/items/1" ||
         link.target == "meetings/m3/items/1") &&
        (link.kind != EdgeKind::kReferences ||
         link.stance == Stance::kSupport)) {
      expected.insert(link.remark);
    }
  }
  EXPECT_THAT(Names(walked->hits),
              UnorderedElementsAreArray(
                  std::vector<std::string>(expected.begin(), expected.end())));
  for (const TraversalHit& hit : walked->hits) {
    ASSERT_TRUE(hit.via.has_value());
    if (hit.via->kind == EdgeKind::kReferences) {
      EXPECT_EQ(hit.via->record.stance(),
                static_cast<uint32_t>(Stance::kSupport));
    }
  }
}

TEST_F(TraverseTest, CycleWithRepeatedStepEmitsEachNodeOnce) {
  TraverseSpec spec =
      Spec({"meetings/m1/remarks/r1"}, {Out({EdgeKind::kRepliesTo})});
  spec.repeat_last_step = true;
  spec.include_seeds = true;
  Budget budget;
  budget.max_depth = 16;
  auto walked = Walk(spec, budget);
  ASSERT_TRUE(walked.ok()) << walked.status();
  // r1 -> r3 -> r2 -> r1: three nodes, then the cycle closes.
  EXPECT_THAT(Names(walked->hits),
              ElementsAre("meetings/m1/remarks/r1", "meetings/m1/remarks/r3",
                          "meetings/m1/remarks/r2"));
  EXPECT_EQ(walked->hits[0].depth, 0);
  EXPECT_FALSE(walked->hits[0].via.has_value());
  EXPECT_EQ(walked->hits[2].depth, 2);
  EXPECT_FALSE(walked->stats.truncated());
}

TEST_F(TraverseTest, DepthLimitTruncatesOnlyWhenMoreWouldFollow) {
  TraverseSpec spec =
      Spec({"meetings/m1/remarks/r1"}, {Out({EdgeKind::kRepliesTo})});
  spec.repeat_last_step = true;
  Budget budget;
  budget.max_depth = 1;
  auto walked = Walk(spec, budget);
  ASSERT_TRUE(walked.ok()) << walked.status();
  EXPECT_THAT(Names(walked->hits), ElementsAre("meetings/m1/remarks/r3"));
  EXPECT_EQ(walked->stats.truncation, Truncation::kMaxDepth);

  // At depth 2 the cycle has closed: nothing new lies beyond.
  budget.max_depth = 2;
  walked = Walk(spec, budget);
  ASSERT_TRUE(walked.ok()) << walked.status();
  EXPECT_EQ(walked->hits.size(), 2u);
  EXPECT_FALSE(walked->stats.truncated());

  // Explicit steps beyond max_depth.
  spec.repeat_last_step = false;
  spec.steps = {Out({EdgeKind::kRepliesTo}), Out({EdgeKind::kRepliesTo}),
                Out({EdgeKind::kSpokenBy})};
  walked = Walk(spec, budget);
  ASSERT_TRUE(walked.ok()) << walked.status();
  EXPECT_EQ(walked->hits.size(), 2u);
  EXPECT_EQ(walked->stats.truncation, Truncation::kMaxDepth);
}

TEST_F(TraverseTest, MaxNodes) {
  Budget budget;
  budget.max_nodes = 2;
  auto walked = Walk(Spec({"meetings/m1"}, {Both()}), budget);
  ASSERT_TRUE(walked.ok()) << walked.status();
  EXPECT_EQ(walked->hits.size(), 2u);
  EXPECT_EQ(walked->stats.nodes_visited, 2);
  EXPECT_EQ(walked->stats.truncation, Truncation::kMaxNodes);

  // Exactly as many nodes as exist is not a cut.
  auto all = Walk(Spec({"meetings/m1"}, {Both()}));
  ASSERT_TRUE(all.ok());
  budget.max_nodes = static_cast<int64_t>(all->hits.size());
  walked = Walk(Spec({"meetings/m1"}, {Both()}), budget);
  ASSERT_TRUE(walked.ok());
  EXPECT_EQ(walked->hits.size(), all->hits.size());
  EXPECT_FALSE(walked->stats.truncated());
}

TEST_F(TraverseTest, MaxEdgesScanned) {
  Budget budget;
  budget.max_edges_scanned = 3;
  auto walked = Walk(Spec({"meetings/m1"}, {Both(), Both()}), budget);
  ASSERT_TRUE(walked.ok()) << walked.status();
  EXPECT_LE(walked->stats.edges_scanned, 3);
  EXPECT_LE(walked->hits.size(), 3u);
  EXPECT_EQ(walked->stats.truncation, Truncation::kMaxEdgesScanned);
}

TEST_F(TraverseTest, MaxFanoutCutsOneNodeAndGoesOn) {
  Budget budget;
  budget.max_fanout = 2;
  // m1 has three remarks, m2 two: m1 is cut at two, m2 is whole.
  auto walked =
      Walk(Spec({"meetings/m1", "meetings/m2"}, {In({EdgeKind::kInMeeting})}),
           budget);
  ASSERT_TRUE(walked.ok()) << walked.status();
  EXPECT_EQ(walked->stats.truncation, Truncation::kMaxFanout);
  int from_m1 = 0, from_m2 = 0;
  for (const TraversalHit& hit : walked->hits) {
    (storage::MeetingOf(hit.node->name()) == "meetings/m1" ? from_m1
                                                          : from_m2)++;
  }
  EXPECT_EQ(from_m1, 2);
  EXPECT_EQ(from_m2, 2);
}

TEST_F(TraverseTest, TimeBudget) {
  Budget budget;
  budget.time_budget = absl::Milliseconds(1);
  Walked walked;
  auto snapshot = Snapshot();
  auto stats =
      engine_.Traverse(*snapshot, Spec({"meetings/m1"}, {Both(), Both()}),
                       budget, [&](const TraversalHit& hit) {
                         walked.hits.push_back(hit);
                         absl::SleepFor(absl::Milliseconds(5));
                         return true;
                       });
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->truncation, Truncation::kTimeBudget);
  auto all = Walk(Spec({"meetings/m1"}, {Both(), Both()}));
  ASSERT_TRUE(all.ok());
  EXPECT_LT(walked.hits.size(), all->hits.size());
}

TEST_F(TraverseTest, DeadlineInThePast) {
  Budget budget;
  budget.deadline = absl::Now() - absl::Seconds(1);
  auto walked = Walk(Spec({"meetings/m1"}, {Both()}), budget);
  EXPECT_EQ(walked.status().code(), absl::StatusCode::kDeadlineExceeded);
}

TEST_F(TraverseTest, BadSpecs) {
  auto missing = Walk(Spec({"meetings/m1", "meetings/nope"}, {Both()}));
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("meetings/nope"));
  EXPECT_EQ(Walk(Spec({}, {Both()})).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Walk(Spec({"meetings/m1"}, {})).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Walk(Spec({"meetings/m1"}, std::vector<Step>(17, Both())))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Walk(Spec({"meetings/m1"}, std::vector<Step>(16, Both()))).ok());
}

TEST_F(TraverseTest, DeterministicOrder) {
  TraverseSpec spec =
      Spec({"matters/strategy", "people/sato"}, {Both(), Both(), Both()});
  auto first = Walk(spec);
  auto second = Walk(spec);
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_GT(first->hits.size(), 5u);
  ASSERT_EQ(first->hits.size(), second->hits.size());
  std::set<NodeId> seen;
  for (size_t i = 0; i < first->hits.size(); ++i) {
    EXPECT_EQ(first->hits[i].id, second->hits[i].id);
    EXPECT_EQ(first->hits[i].depth, second->hits[i].depth);
    EXPECT_EQ(first->hits[i].via->source, second->hits[i].via->source);
    EXPECT_EQ(first->hits[i].via->kind, second->hits[i].via->kind);
    EXPECT_TRUE(seen.insert(first->hits[i].id).second)
        << "emitted twice: " << first->hits[i].node->name();
  }
}

TEST_F(TraverseTest, BothDirectionsListOutgoingFirst) {
  auto walked = Walk(Spec({"meetings/m1/remarks/r1"}, {Both()}));
  ASSERT_TRUE(walked.ok()) << walked.status();
  const NodeId seed = Id("meetings/m1/remarks/r1");
  bool seen_incoming = false;
  int outgoing = 0, incoming = 0;
  for (const TraversalHit& hit : walked->hits) {
    const bool is_outgoing = hit.via->source == seed;
    if (is_outgoing) {
      EXPECT_FALSE(seen_incoming) << "outgoing edge after an incoming one";
      ++outgoing;
    } else {
      seen_incoming = true;
      ++incoming;
    }
  }
  EXPECT_GT(outgoing, 0);
  EXPECT_GT(incoming, 0);
}

TEST_F(TraverseTest, EmitReturningFalseStops) {
  auto snapshot = Snapshot();
  int calls = 0;
  auto stats = engine_.Traverse(*snapshot, Spec({"meetings/m1"}, {Both()}),
                                Budget{}, [&](const TraversalHit&) {
                                  ++calls;
                                  return false;
                                });
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(stats->nodes_visited, 1);
}

TEST(CeilingsTest, Clamp) {
  Ceilings ceilings;
  Budget requested;
  requested.max_depth = 0;
  requested.max_nodes = -5;
  requested.max_edges_scanned = ceilings.maximum.max_edges_scanned + 1;
  requested.max_fanout = 7;
  requested.time_budget = absl::ZeroDuration();
  requested.deadline = absl::FromUnixSeconds(1234);
  const Budget clamped = ceilings.Clamp(requested);
  EXPECT_EQ(clamped.max_depth, ceilings.defaults.max_depth);
  EXPECT_EQ(clamped.max_nodes, ceilings.defaults.max_nodes);
  EXPECT_EQ(clamped.max_edges_scanned, ceilings.maximum.max_edges_scanned);
  EXPECT_EQ(clamped.max_fanout, 7);
  EXPECT_EQ(clamped.time_budget, ceilings.defaults.time_budget);
  EXPECT_EQ(clamped.deadline, requested.deadline);
  requested.time_budget = ceilings.maximum.time_budget * 2;
  requested.max_depth = 100;
  EXPECT_EQ(ceilings.Clamp(requested).time_budget,
            ceilings.maximum.time_budget);
  EXPECT_EQ(ceilings.Clamp(requested).max_depth, ceilings.maximum.max_depth);
}

}  // namespace
}  // namespace remarkgraph::query::testing
