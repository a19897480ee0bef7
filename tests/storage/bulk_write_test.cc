// Bulk writes (GraphStore::ApplyBulk): the text postings of new remarks
// ingested as a table file. The index they leave is the one Apply leaves;
// the change feed and the write-ahead log read on across the sequence
// number the ingestion takes; a replica following the log ends with the
// same graph and index; and a process killed between the steps stores all
// of a write or nothing a reader can see.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/graph_store.h"
#include "tests/testing/temp_dir.h"

namespace remarkgraph::storage {
namespace {

// A meeting with `count` remarks, each saying `phrase` and its number.
Mutation Meeting(const std::string& meeting, int count, const std::string& phrase) {
  Mutation m;
  NodeRecord node;
  node.set_name(absl::StrCat("meetings/", meeting));
  node.set_title(meeting);
  m.UpsertNode(node);
  for (int i = 1; i <= count; ++i) {
    NodeRecord remark;
    remark.set_name(absl::StrCat("meetings/", meeting, "/remarks/", i));
    remark.set_text(absl::StrCat(phrase, "について第", i, "案を検討する。防災計画の見直し"));
    m.UpsertNode(remark);
    m.UpsertEdge(remark.name(), EdgeKind::kInMeeting, node.name(), EdgeRecord());
  }
  return m;
}

// Every match of `query` in the snapshot: (id, position or -1).
std::vector<std::pair<NodeId, int64_t>> Matches(GraphStore& store, const std::string& query) {
  std::vector<std::pair<NodeId, int64_t>> out;
  auto snapshot = store.Snapshot();
  const absl::Status status = snapshot->ScanTextMatches(
      NormalizeForSearch(query), kNoNode, [&](const TextMatch& match) {
        out.emplace_back(match.id, match.position ? int64_t{*match.position} : -1);
        return true;
      });
  EXPECT_TRUE(status.ok()) << status;
  return out;
}

// The matches of `query` whose remark exists: what a search shows.
std::vector<NodeId> Found(GraphStore& store, const std::string& query) {
  std::vector<NodeId> ids;
  for (const auto& [id, position] : Matches(store, query)) ids.push_back(id);
  auto snapshot = store.Snapshot();
  auto records = snapshot->GetNodes(ids);
  EXPECT_TRUE(records.ok()) << records.status();
  std::vector<NodeId> found;
  for (size_t i = 0; i < ids.size(); ++i) {
    if ((*records)[i].has_value()) found.push_back(ids[i]);
  }
  return found;
}

const std::vector<std::string> kQueries = {"防災計画", "見直し", "第3案", "審議会", "港湾",
                                           "について第1"};

std::unique_ptr<GraphStore> Open(const std::string& path, StoreOptions options = {}) {
  auto store = OpenGraphStore(path, options);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

TEST(BulkWriteTest, ALargeApplyWritesItsPostingsInBulk) {
  testing::ScopedTempDir dir;
  // Each remark's text is 26 or 27 code points: 40 remarks hold 1,071.
  for (const size_t from : {size_t{0}, size_t{100000}, size_t{900}}) {
    StoreOptions options;
    options.bulk_postings_from_code_points = from;
    int bulk_writes = 0;
    options.bulk_write_hook = [&](std::string_view at) { bulk_writes += at == "reserved"; };
    auto store = Open(dir.Sub(absl::StrCat("from", from)), options);
    ASSERT_TRUE(store);
    auto applied = store->Apply(Meeting("m1", 40, "河川審議会"));
    ASSERT_TRUE(applied.ok()) << applied.status();
    EXPECT_EQ(applied->nodes_created, 41);
    // 0 turns it off; under the bound the write goes through the log.
    EXPECT_EQ(bulk_writes, from == 900 ? 1 : 0) << from;
    // Whichever way, a search finds every remark.
    EXPECT_EQ(Found(*store, "河川審議会").size(), 40u) << from;
    EXPECT_EQ(Found(*store, "について第1").size(), 11u) << from;  // 1, 10-19.
  }
}

TEST(BulkWriteTest, LeavesTheIndexApplyLeaves) {
  testing::ScopedTempDir dir;
  auto logged = Open(dir.Sub("logged"));
  auto bulk = Open(dir.Sub("bulk"));
  ASSERT_TRUE(logged && bulk);
  // A first load, then one that replaces half a meeting, changes a stored
  // remark's text (its postings are not new), and creates a remark whose
  // text it changes again in the same write.
  Mutation second = Meeting("m2", 30, "港湾審議会");
  second.DeleteNode("meetings/m1/remarks/2");
  NodeRecord changed;
  changed.set_name("meetings/m1/remarks/3");
  changed.set_text("港湾の防災計画を改める");
  second.UpsertNode(changed);
  NodeRecord twice;
  twice.set_name("meetings/m2/remarks/99");
  twice.set_text("防災計画の見直しは後日");
  second.UpsertNode(twice);
  twice.set_text("審議会で見直しを決めた");
  second.UpsertNode(twice);
  const Mutation first = Meeting("m1", 40, "河川審議会");
  for (const Mutation* m : {&first, const_cast<const Mutation*>(&second)}) {
    auto a = logged->Apply(*m);
    auto b = bulk->ApplyBulk(*m);
    ASSERT_TRUE(a.ok()) << a.status();
    ASSERT_TRUE(b.ok()) << b.status();
    EXPECT_EQ(a->nodes_created, b->nodes_created);
    EXPECT_EQ(a->upserted_ids, b->upserted_ids);
  }
  for (const std::string& query : kQueries) {
    // The bulk store reserved ids it then used: the same ids, the same
    // positions.
    EXPECT_EQ(Matches(*logged, query), Matches(*bulk, query)) << query;
    EXPECT_FALSE(Found(*bulk, query).empty()) << query;
  }
  EXPECT_EQ(logged->Stats().nodes, bulk->Stats().nodes);
  EXPECT_EQ(logged->Stats().edges, bulk->Stats().edges);
}

// Every node and edge event the feed reports from sequence `from`.
std::vector<std::string> FeedFrom(GraphStore& store, uint64_t from) {
  std::vector<std::string> events;
  const absl::Status status = store.ReadChangeBatches(from, [&](const ChangeBatch& batch) {
    for (const ChangeEvent& e : batch.events) {
      events.push_back(e.is_edge ? absl::StrCat(e.source, " ", e.target) : e.node.name());
    }
    return true;
  });
  EXPECT_TRUE(status.ok()) << "from " << from << ": " << status;
  return events;
}

TEST(BulkWriteTest, TheFeedAndTheLogReadAcrossTheIngestion) {
  testing::ScopedTempDir dir;
  auto store = Open(dir.Sub("db"));
  ASSERT_TRUE(store);
  const uint64_t start = store->LatestSequence() + 1;
  ASSERT_TRUE(store->Apply(Meeting("m1", 5, "河川審議会")).ok());
  const uint64_t before_bulk = store->LatestSequence();
  ASSERT_TRUE(store->ApplyBulk(Meeting("m2", 5, "港湾審議会")).ok());
  const uint64_t after_bulk = store->LatestSequence();
  ASSERT_TRUE(store->Apply(Meeting("m3", 5, "道路審議会")).ok());
  const std::vector<std::string> all = FeedFrom(*store, start);
  EXPECT_NE(std::find(all.begin(), all.end(), "meetings/m2/remarks/5"), all.end());
  EXPECT_NE(std::find(all.begin(), all.end(),
                      "meetings/m2/remarks/5 meetings/m2"), all.end());
  EXPECT_EQ(all.back(), "meetings/m3/remarks/5 meetings/m3");
  // From any sequence, the gap's included, the feed reads to the end.
  std::vector<uint64_t> starts;
  for (uint64_t from = before_bulk; from <= after_bulk + 1; ++from) {
    const std::vector<std::string> tail = FeedFrom(*store, from);
    ASSERT_FALSE(tail.empty()) << from;
    EXPECT_EQ(tail.back(), all.back()) << from;
  }
  // So does the log, from the start of each write and from the gap.
  ASSERT_TRUE(store
                  ->ReadChangeBatches(before_bulk + 1,
                                      [&](const ChangeBatch& batch) {
                                        starts.push_back(batch.commit_sequence);
                                        return true;
                                      })
                  .ok());
  // The reservation, the write after the gap, and the next write.
  ASSERT_EQ(starts.size(), 3u);
  EXPECT_EQ(starts[1], starts[0] + 3);  // Two reserving records, one ingestion.
  starts.push_back(starts[1] - 1);
  for (const uint64_t from : starts) {
    uint64_t last = 0;
    const absl::Status read = store->ReadUpdates(from, [&](uint64_t sequence, std::string_view) {
      last = sequence;
      return true;
    });
    EXPECT_TRUE(read.ok()) << from << ": " << read;
    EXPECT_EQ(last, after_bulk + 1) << from;
  }
}

// Applies every write of `primary` after `replica`'s latest to `replica`.
absl::Status Follow(GraphStore& primary, GraphStore& replica) {
  absl::Status applied;
  absl::Status read = primary.ReadUpdates(
      replica.LatestSequence() + 1, [&](uint64_t sequence, std::string_view batch) {
        applied = replica.ApplyReplicated(sequence, batch);
        return applied.ok();
      });
  if (!applied.ok()) return applied;
  return read;
}

TEST(BulkWriteTest, AReplicaBuildsTheSamePostings) {
  testing::ScopedTempDir dir;
  StoreOptions keep_log;
  keep_log.wal_ttl_seconds = 3600;
  auto primary = Open(dir.Sub("primary"), keep_log);
  ASSERT_TRUE(primary);
  ASSERT_TRUE(primary->Apply(Meeting("m1", 5, "河川審議会")).ok());
  const absl::StatusOr<uint64_t> checkpoint = primary->Checkpoint(dir.Sub("replica"));
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
  StoreOptions replica_options;
  replica_options.replica_of = "primary";
  auto replica = Open(dir.Sub("replica"), replica_options);
  ASSERT_TRUE(replica);
  ASSERT_TRUE(primary->ApplyBulk(Meeting("m2", 20, "港湾審議会")).ok());
  Mutation replace = Meeting("m2", 10, "道路審議会");
  replace.DeleteNode("meetings/m2/remarks/15");
  ASSERT_TRUE(primary->ApplyBulk(replace).ok());
  ASSERT_TRUE(primary->Apply(Meeting("m3", 5, "空港審議会")).ok());
  const absl::Status followed = Follow(*primary, *replica);
  ASSERT_TRUE(followed.ok()) << followed;
  EXPECT_EQ(replica->LatestSequence(), primary->LatestSequence());
  for (const std::string& query : {"港湾", "道路審議会", "空港", "防災計画", "第15案"}) {
    EXPECT_EQ(Matches(*primary, query), Matches(*replica, query)) << query;
  }
  EXPECT_EQ(replica->Stats().nodes, primary->Stats().nodes);
  // The replica's own feed reads across its own ingestions.
  EXPECT_FALSE(FeedFrom(*replica, *checkpoint + 1).empty());
  // Applying a batch again, or one from further on, is refused as before.
  absl::Status again = primary->ReadUpdates(1, [&](uint64_t sequence, std::string_view batch) {
    EXPECT_TRUE(absl::IsFailedPrecondition(replica->ApplyReplicated(sequence, batch)));
    return false;
  });
  EXPECT_TRUE(again.ok()) << again;
}

// A process killed right after a step of its second bulk write, then the
// store opened again: the first write is whole, nothing of the second is
// visible, later writes never inherit its postings, and the log reads on.
class BulkWriteCrashTest : public ::testing::TestWithParam<const char*> {};

TEST_P(BulkWriteCrashTest, AKilledProcessStoresAllOrNothing) {
  testing::ScopedTempDir dir;
  const std::string path = dir.Sub("db");
  StoreOptions keep_log;
  keep_log.wal_ttl_seconds = 3600;
  {
    auto store = Open(path, keep_log);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->Checkpoint(dir.Sub("replica")).ok());
  }
  const std::string step = GetParam();
  const pid_t child = fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    StoreOptions options = keep_log;
    int bulk_writes = 0;
    options.bulk_write_hook = [&](std::string_view at) {
      if (at == "reserved") ++bulk_writes;
      if (bulk_writes == 2 && at == step) raise(SIGKILL);
    };
    auto store = OpenGraphStore(path, options);
    if (!store.ok() || !(*store)->ApplyBulk(Meeting("m1", 50, "河川審議会")).ok()) _exit(1);
    (void)(*store)->ApplyBulk(Meeting("m2", 50, "港湾審議会"));
    _exit(2);  // Not killed: the test fails below.
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child exited with " << WEXITSTATUS(status);

  auto store = Open(path, keep_log);
  ASSERT_TRUE(store);
  EXPECT_EQ(Found(*store, "河川審議会").size(), 50u);
  EXPECT_TRUE(Found(*store, "港湾審議会").empty());
  // Killed after the ingestion, the postings are there, pointing nowhere.
  EXPECT_EQ(Matches(*store, "港湾審議会").size(), step == "ingested" ? 50u : 0u);
  {
    auto snapshot = store->Snapshot();
    auto id = snapshot->Resolve("meetings/m2");
    ASSERT_TRUE(id.ok());
    EXPECT_FALSE(id->has_value());
  }
  // Later remarks take ids past the lost write's, whose postings (if
  // ingested) therefore never point to them.
  ASSERT_TRUE(store->ApplyBulk(Meeting("m3", 50, "道路審議会")).ok());
  ASSERT_TRUE(store->Apply(Meeting("m4", 50, "空港審議会")).ok());
  EXPECT_TRUE(Found(*store, "港湾審議会").empty());
  EXPECT_EQ(Found(*store, "道路審議会").size(), 50u);
  EXPECT_EQ(Found(*store, "空港審議会").size(), 50u);
  const std::vector<std::string> feed = FeedFrom(*store, 1);
  EXPECT_EQ(feed.back(), "meetings/m4/remarks/50 meetings/m4");
  // A replica from before the crash follows the whole log.
  StoreOptions replica_options;
  replica_options.replica_of = "primary";
  auto replica = Open(dir.Sub("replica"), replica_options);
  ASSERT_TRUE(replica);
  const absl::Status followed = Follow(*store, *replica);
  ASSERT_TRUE(followed.ok()) << followed;
  EXPECT_EQ(replica->LatestSequence(), store->LatestSequence());
  EXPECT_EQ(Found(*replica, "道路審議会").size(), 50u);
  EXPECT_TRUE(Found(*replica, "港湾審議会").empty());
}

INSTANTIATE_TEST_SUITE_P(Steps, BulkWriteCrashTest, ::testing::Values("reserved", "ingested"));

}  // namespace
}  // namespace remarkgraph::storage
