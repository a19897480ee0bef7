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
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"
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

// Opens the replica at `path` (a checkpoint of `primary`, or empty) and has
// it follow `primary`'s whole log; null if it would not open.
std::unique_ptr<GraphStore> CaughtUpReplica(GraphStore& primary, const std::string& path) {
  StoreOptions options;
  options.replica_of = "primary";
  auto replica = Open(path, options);
  if (!replica) return nullptr;
  const absl::Status followed = Follow(primary, *replica);
  EXPECT_TRUE(followed.ok()) << followed;
  EXPECT_EQ(replica->LatestSequence(), primary.LatestSequence());
  return replica;
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

// A file system that fails one chosen append, the way a transient device
// error does (a retryable I/O error): RocksDB
// stops writes and resumes them by itself once its recovery has written
// past the error.
class FailingFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  FailingFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "FailingFileSystem"; }

  // Of the appends this thread makes (not RocksDB's background jobs) to a
  // file whose name holds `part` ("MANIFEST", ".log"), the one after the
  // next `skip` fails.
  void FailAppend(std::string part, int skip) {
    std::lock_guard<std::mutex> lock(mutex_);
    part_ = std::move(part);
    skip_ = skip;
    thread_ = std::this_thread::get_id();
  }
  int failures() const { return failures_.load(); }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* file,
                                    rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus s = target()->NewWritableFile(name, options, file, debug);
    if (s.ok()) *file = std::make_unique<File>(std::move(*file), this, name);
    return s;
  }

 private:
  class File final : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    File(std::unique_ptr<rocksdb::FSWritableFile> file, FailingFileSystem* fs, std::string name)
        : FSWritableFileOwnerWrapper(std::move(file)), fs_(fs), name_(std::move(name)) {}
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* debug) override {
      if (fs_->ShouldFail(name_)) return fs_->Failure();
      return FSWritableFileOwnerWrapper::Append(data, options, debug);
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                             const rocksdb::DataVerificationInfo& info,
                             rocksdb::IODebugContext* debug) override {
      if (fs_->ShouldFail(name_)) return fs_->Failure();
      return FSWritableFileOwnerWrapper::Append(data, options, info, debug);
    }

   private:
    FailingFileSystem* const fs_;
    const std::string name_;
  };

  bool ShouldFail(const std::string& name) {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::string base = name.substr(name.rfind('/') + 1);
    if (part_.empty() || !absl::StrContains(base, part_) ||
        std::this_thread::get_id() != thread_) {
      return false;
    }
    if (skip_-- > 0) return false;
    part_.clear();
    ++failures_;
    return true;
  }
  rocksdb::IOStatus Failure() {
    rocksdb::IOStatus failure = rocksdb::IOStatus::IOError("injected write failure");
    failure.SetRetryable(true);
    return failure;
  }

  std::mutex mutex_;
  std::string part_;
  int skip_ = 0;
  std::thread::id thread_;
  std::atomic<int> failures_{0};
};

// Applies `mutation` until RocksDB, recovering from an injected failure,
// takes writes again (a minute at most).
absl::Status ApplyOnceWritable(GraphStore& store, const Mutation& mutation) {
  absl::Status status;
  for (int attempt = 0; attempt < 600; ++attempt) {
    status = store.Apply(mutation).status();
    if (status.ok()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return status;
}

// Keys of the text family (the postings) of the closed database at
// `path`, opened read-only: as it is on disk, nothing closed at open.
size_t CountPostingsAt(const std::string& path) {
  std::vector<std::string> names;
  EXPECT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const std::string& name : names) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  const rocksdb::Status opened =
      rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), path, families, &handles, &db);
  EXPECT_TRUE(opened.ok()) << opened.ToString();
  if (!opened.ok()) return 0;
  size_t count = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] != "text") continue;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), handles[i]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++count;
  }
  for (rocksdb::ColumnFamilyHandle* handle : handles) db->DestroyColumnFamilyHandle(handle);
  delete db;
  return count;
}

// The same, of a checkpoint of `store` taken into `path`.
size_t CountPostings(GraphStore& store, const std::string& path) {
  const absl::StatusOr<uint64_t> checkpoint = store.Checkpoint(path);
  EXPECT_TRUE(checkpoint.ok()) << checkpoint.status();
  return CountPostingsAt(path);
}

// A bulk write that fails after reserving its ids, at the step given (the
// ingestion's record in the MANIFEST, or the last write's in the
// write-ahead log), while the process goes on: its gap in the log is named
// before any later write lands, so the feed and a replica read across it
// at once, without a restart; none of its postings stay; the store's
// later writes take new ids.
class BulkWriteFailureTest : public ::testing::TestWithParam<const char*> {};

TEST_P(BulkWriteFailureTest, AFailedBulkWriteLeavesNothingBehind) {
  testing::ScopedTempDir dir;
  const std::string failing_file = GetParam();
  auto fs = std::make_shared<FailingFileSystem>();
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
  StoreOptions options;
  options.wal_ttl_seconds = 3600;
  options.env = env.get();
  int bulk_writes = 0;
  options.bulk_write_hook = [&](std::string_view at) {
    if (at == "reserved") ++bulk_writes;
    if (bulk_writes != 2) return;
    // The ingestion writes the MANIFEST twice (file numbers, then the
    // table file's record, after its sequence number is taken); the last
    // write writes the log.
    if (failing_file == "MANIFEST" && at == "reserved") fs->FailAppend("MANIFEST", 1);
    if (failing_file == ".log" && at == "ingested") fs->FailAppend(".log", 0);
  };
  auto store = Open(dir.Sub("db"), options);
  ASSERT_TRUE(store);
  const absl::StatusOr<uint64_t> checkpoint = store->Checkpoint(dir.Sub("replica"));
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
  ASSERT_TRUE(store->ApplyBulk(Meeting("m1", 50, "河川審議会")).ok());
  const size_t postings_before = CountPostings(*store, dir.Sub("before"));
  const uint64_t before_failure = store->LatestSequence();
  const absl::StatusOr<ApplyResult> failed = store->ApplyBulk(Meeting("m2", 50, "港湾審議会"));
  ASSERT_EQ(fs->failures(), 1);
  ASSERT_FALSE(failed.ok());
  // The ingestion took a sequence number the log holds no record for.
  EXPECT_GT(store->LatestSequence(), before_failure + 2);

  const absl::Status applied = ApplyOnceWritable(*store, Meeting("m3", 50, "道路審議会"));
  ASSERT_TRUE(applied.ok()) << applied;
  EXPECT_EQ(Found(*store, "道路審議会").size(), 50u);
  EXPECT_EQ(Found(*store, "河川審議会").size(), 50u);
  EXPECT_TRUE(Matches(*store, "港湾審議会").empty());
  {
    auto snapshot = store->Snapshot();
    auto id = snapshot->Resolve("meetings/m2");
    ASSERT_TRUE(id.ok());
    EXPECT_FALSE(id->has_value());
  }
  // The failed write's postings are gone; the later write's are there.
  const Mutation later = Meeting("m3", 50, "道路審議会");
  testing::ScopedTempDir reference_dir;
  {
    auto reference = Open(reference_dir.Sub("db"));
    ASSERT_TRUE(reference);
    ASSERT_TRUE(reference->ApplyBulk(Meeting("m1", 50, "河川審議会")).ok());
    EXPECT_EQ(CountPostings(*reference, reference_dir.Sub("count1")), postings_before);
    ASSERT_TRUE(reference->Apply(later).ok());
    EXPECT_EQ(CountPostings(*store, dir.Sub("after")),
              CountPostings(*reference, reference_dir.Sub("count2")));
  }
  // The feed reads from before the failure to the end, from every
  // sequence number up to the later write's first, without a restart.
  uint64_t last_write = 0;
  const absl::Status read =
      store->ReadUpdates(before_failure + 1, [&](uint64_t sequence, std::string_view) {
        last_write = sequence;
        return true;
      });
  ASSERT_TRUE(read.ok()) << read;
  ASSERT_GT(last_write, before_failure + 3);
  for (uint64_t from = before_failure; from <= last_write; ++from) {
    const std::vector<std::string> tail = FeedFrom(*store, from);
    ASSERT_FALSE(tail.empty()) << from;
    EXPECT_EQ(tail.back(), "meetings/m3/remarks/50 meetings/m3") << from;
  }
  // So does a replica, whose sequence numbers stay the primary's.
  auto replica = CaughtUpReplica(*store, dir.Sub("replica"));
  ASSERT_TRUE(replica);
  EXPECT_EQ(Found(*replica, "道路審議会").size(), 50u);
  EXPECT_TRUE(Matches(*replica, "港湾審議会").empty());
  // The adjacency followed the sequence number the ingestion took.
  for (const EngineFigure& figure : store->EngineFigures()) {
    if (figure.name == "adjacency_enabled") {
      EXPECT_EQ(figure.value, 1.0);
    }
  }
  // Opened again, the store finds nothing to close and loses nothing.
  store.reset();
  store = Open(dir.Sub("db"), options);
  ASSERT_TRUE(store);
  EXPECT_EQ(Found(*store, "道路審議会").size(), 50u);
  EXPECT_EQ(FeedFrom(*store, before_failure).back(), "meetings/m3/remarks/50 meetings/m3");
}

INSTANTIATE_TEST_SUITE_P(Files, BulkWriteFailureTest, ::testing::Values("MANIFEST", ".log"),
                         [](const auto& info) {
                           return std::string(info.param == std::string("MANIFEST")
                                                  ? "Ingestion"
                                                  : "LastWrite");
                         });

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

  // The postings of a store that only ever had the first write.
  size_t first_write_postings = 0;
  {
    auto reference = Open(dir.Sub("reference"));
    ASSERT_TRUE(reference);
    ASSERT_TRUE(reference->ApplyBulk(Meeting("m1", 50, "河川審議会")).ok());
    first_write_postings = CountPostings(*reference, dir.Sub("reference-count"));
    ASSERT_GT(first_write_postings, 0u);
  }
  // Killed after the ingestion, the postings are there, pointing nowhere
  // (about one per character of the 50 remarks)...
  const size_t left = CountPostingsAt(path);
  if (step == std::string("ingested")) {
    EXPECT_GT(left, first_write_postings + 50);
  } else {
    EXPECT_EQ(left, first_write_postings);
  }
  auto store = Open(path, keep_log);
  ASSERT_TRUE(store);
  // ...until the store opens again: then not one stays.
  EXPECT_EQ(CountPostings(*store, dir.Sub("count")), first_write_postings);
  EXPECT_TRUE(Matches(*store, "港湾審議会").empty());
  EXPECT_EQ(Found(*store, "河川審議会").size(), 50u);
  EXPECT_TRUE(Found(*store, "港湾審議会").empty());
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
  auto replica = CaughtUpReplica(*store, dir.Sub("replica"));
  ASSERT_TRUE(replica);
  EXPECT_EQ(Found(*replica, "道路審議会").size(), 50u);
  EXPECT_TRUE(Found(*replica, "港湾審議会").empty());
}

INSTANTIATE_TEST_SUITE_P(Steps, BulkWriteCrashTest, ::testing::Values("reserved", "ingested"));

}  // namespace
}  // namespace remarkgraph::storage
