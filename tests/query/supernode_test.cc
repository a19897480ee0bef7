// A supernode: one item referenced by kRemarks remarks spread over
// kMeetings meetings. Queries over it must stay within their budgets and
// never materialise more than they are allowed to.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "query/query_engine.h"
#include "tests/query/query_fixture.h"
#include "tests/testing/temp_dir.h"

namespace remarkgraph::query::testing {
namespace {

constexpr int kRemarks = 100'000;
constexpr int kMeetings = 50;
constexpr int kStances = 4;
constexpr char kItem[] = "meetings/s0/items/big";

// Remark i is in meeting i % kMeetings with ordinal i / kMeetings, so that
// id order and the dossier's order differ, and takes stance i % kStances + 1.
std::string MeetingId(int i) { return absl::StrCat("s", i % kMeetings); }
std::string MeetingDate(int meeting) {
  return absl::StrCat("2023-", meeting / 28 + 1 < 10 ? "0" : "",
                      meeting / 28 + 1, "-", meeting % 28 + 1 < 10 ? "0" : "",
                      meeting % 28 + 1);
}

// The store is built once for the suite: it is only read.
class SupernodeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new remarkgraph::testing::ScopedTempDir();
    auto store = storage::OpenGraphStore(dir_->Sub("db"), QueryStoreOptions());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = store->release();
    storage::Mutation first;
    for (int m = 0; m < kMeetings; ++m) {
      first.UpsertNode(MakeMeeting(absl::StrCat("s", m), MeetingDate(m)));
    }
    first.UpsertNode(MakeNode(kItem, "A much discussed decision"));
    ASSERT_TRUE(store_->Apply(first).ok());
    // Few, large mutations.
    constexpr int kPerMutation = 25'000;
    for (int begin = 0; begin < kRemarks; begin += kPerMutation) {
      storage::Mutation m;
      for (int i = begin; i < begin + kPerMutation; ++i) {
        RemarkSpec r{
            MeetingId(i), absl::StrCat("r", i), i / kMeetings, "", "委員", ""};
        m.UpsertNode(MakeRemark(r));
        m.UpsertEdge(r.name(), EdgeKind::kReferences, kItem,
                     WithStance(static_cast<Stance>(i % kStances + 1)));
      }
      auto applied = store_->Apply(m);
      ASSERT_TRUE(applied.ok()) << applied.status();
    }
  }

  static void TearDownTestSuite() {
    if (store_ != nullptr) {
      EXPECT_TRUE(store_->Close().ok());
    }
    delete store_;
    store_ = nullptr;
    delete dir_;
    dir_ = nullptr;
  }

  absl::StatusOr<Dossier> Get(int page_size, const std::string& token,
                              const Budget& budget) {
    DossierSpec spec;
    spec.name = kItem;
    spec.page_size = page_size;
    spec.page_token = token;
    auto snapshot = store_->Snapshot();
    return engine_.GetDossier(*snapshot, spec, budget);
  }

  static remarkgraph::testing::ScopedTempDir* dir_;
  static storage::GraphStore* store_;
  QueryEngine engine_;
};

remarkgraph::testing::ScopedTempDir* SupernodeTest::dir_ = nullptr;
storage::GraphStore* SupernodeTest::store_ = nullptr;

TEST_F(SupernodeTest, TraversalStopsAtFanout) {
  TraverseSpec spec;
  spec.seeds = {kItem};
  Step step;
  step.direction = Direction::kIncoming;
  step.edge_kinds = {EdgeKind::kReferences};
  spec.steps = {step};
  Budget budget;
  budget.max_fanout = 1000;
  budget.max_nodes = kRemarks;
  auto snapshot = store_->Snapshot();
  int64_t hits = 0;
  auto stats =
      engine_.Traverse(*snapshot, spec, budget, [&](const TraversalHit& hit) {
        EXPECT_EQ(hit.depth, 1);
        ++hits;
        return true;
      });
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->truncation, Truncation::kMaxFanout);
  EXPECT_LE(hits, budget.max_fanout);
  EXPECT_GT(hits, 0);
  // Not one edge more than the fan-out was taken from the supernode.
  EXPECT_LE(stats->edges_scanned, budget.max_fanout);
}

// The dossier checks share one test: each test process builds the store
// again, and that costs seconds.
TEST_F(SupernodeTest, DossierStaysWithinBudgets) {
  SCOPED_TRACE("default budget");
  // Default budget (max_nodes 10,000): the totals and stance counts cover
  // every edge, and the order holds every remark, so that paging reaches
  // all that the totals count (max_nodes does not cut a dossier's order).
  auto dossier = Get(50, "", Budget{});
  ASSERT_TRUE(dossier.ok()) << dossier.status();
  EXPECT_EQ(dossier->total_remarks, kRemarks);
  ASSERT_EQ(dossier->stance_counts.size(), static_cast<size_t>(kStances));
  for (const auto& [stance, count] : dossier->stance_counts) {
    EXPECT_NE(stance, Stance::kUnspecified);
    EXPECT_EQ(count, kRemarks / kStances);
  }
  EXPECT_FALSE(dossier->stats.truncated()) << static_cast<int>(dossier->stats.truncation);
  EXPECT_EQ(dossier->total_meetings, kMeetings);
  EXPECT_GE(dossier->stats.edges_scanned, kRemarks);
  size_t listed = 0;
  for (const DossierMeeting& m : dossier->meetings) listed += m.remarks.size();
  EXPECT_EQ(listed, 50u);
  EXPECT_FALSE(dossier->next_page_token.empty());

  SCOPED_TRACE("edge budget");
  Budget small;
  small.max_edges_scanned = 5000;
  auto cut = Get(10, "", small);
  ASSERT_TRUE(cut.ok()) << cut.status();
  EXPECT_EQ(cut->stats.truncation, Truncation::kMaxEdgesScanned);
  EXPECT_EQ(cut->total_remarks, small.max_edges_scanned);
  EXPECT_LE(cut->stats.edges_scanned, small.max_edges_scanned + 10);

  SCOPED_TRACE("node budget for every remark");
  Budget budget;
  budget.max_nodes = kRemarks;
  const int page_size = 1000;
  auto first = Get(page_size, "", budget);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->stats.truncated());
  EXPECT_EQ(first->total_meetings, kMeetings);
  // The newest meeting holds kRemarks / kMeetings remarks, so the first two
  // pages are its remarks by ordinal.
  std::string newest;
  for (int m = 0; m < kMeetings; ++m) newest = std::max(newest, MeetingDate(m));
  std::vector<int> ordinals;
  std::string token;
  for (int page = 0; page < 2; ++page) {
    auto got = page == 0 ? first : Get(page_size, token, budget);
    ASSERT_TRUE(got.ok()) << got.status();
    ASSERT_EQ(got->meetings.size(), 1u);
    EXPECT_EQ(got->meetings[0].meeting->date(), newest);
    for (const DossierRemark& r : got->meetings[0].remarks) {
      ordinals.push_back(r.remark->ordinal());
    }
    token = got->next_page_token;
    ASSERT_FALSE(token.empty());
  }
  ASSERT_EQ(ordinals.size(), 2u * page_size);
  for (size_t i = 0; i < ordinals.size(); ++i) {
    EXPECT_EQ(ordinals[i], static_cast<int>(i));
  }
}

}  // namespace
}  // namespace remarkgraph::query::testing
