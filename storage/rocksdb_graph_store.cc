// The RocksDB GraphStore. Layout (docs/storage.md):
//   nodes  id(8)                  -> NodeRecord
//   names  resource name          -> id(8)
//   out    src(8) kind(2) dst(8)  -> EdgeRecord
//   in     dst(8) kind(2) src(8)  -> EdgeRecord (same bytes)
//   index  'K' kind(2) name       -> id(8)
//   text   len(1) bigram id(8)    -> ""
//   log    seq(8)                 -> ChangeRecord
//   meta   key                    -> value (schema version, counters)
#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/strings.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "rocksdb/cache.h"
#include "rocksdb/db.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/slice_transform.h"
#include "rocksdb/statistics.h"
#include "rocksdb/table.h"
#include "rocksdb/transaction_log.h"
#include "rocksdb/write_buffer_manager.h"
#include "rocksdb/utilities/checkpoint.h"
#include "storage/graph_store.h"
#include "storage/internal/adjacency.h"
#include "storage/internal/bulk_close.h"
#include "storage/internal/bulk_postings.h"
#include "storage/internal/change_decoder.h"
#include "storage/internal/key_codec.h"
#include "storage/internal/read_cache.h"
#include "storage/internal/rocksdb_snapshot.h"
#include "storage/internal/rocksdb_util.h"
#include "storage/internal/store_writer.h"
#include "storage/internal/text_index.h"

namespace remarkgraph::storage {
namespace {

using internal::ColumnFamily;
using internal::kColumnFamilyNames;
using internal::ToStatus;

constexpr int kSchemaVersion = 1;
// Meta key of the empty writes a replica takes a primary's unused
// sequence numbers with.
constexpr std::string_view kMetaBulkGap = "bulk_gap";

class RocksDbGraphStore final : public GraphStore {
 public:
  RocksDbGraphStore(std::unique_ptr<rocksdb::DB> db, internal::Handles handles,
                    internal::Counters counters, const StoreOptions& options)
      : db_(std::move(db)),
        handles_(std::move(handles)),
        counters_(counters),
        options_(options),
        cache_(options.read_cache_bytes) {
    cache_.Open(db_->GetLatestSequenceNumber());
    if (options.adjacency) {
      // A failure is logged by the adjacency; the store works on without it.
      adjacency_
          .Build(db_.get(), handles_.at(ColumnFamily::kOut), handles_.at(ColumnFamily::kIn),
                 db_->GetLatestSequenceNumber(), counters_.next_id, counters_.edges)
          .IgnoreError();
    }
    absl::MutexLock lock(&commit_mutex_);
    committed_ = db_->GetLatestSequenceNumber();
  }

  ~RocksDbGraphStore() override { Close().IgnoreError(); }

  absl::StatusOr<ApplyResult> Apply(const Mutation& mutation) override {
    RETURN_IF_ERROR(CheckWritable());
    absl::MutexLock lock(&write_mutex_);
    if (!db_) return absl::FailedPreconditionError("the store is closed");
    RETURN_IF_ERROR(CloseFailedBulkWrite());
    // A large write's postings would take the batch and the memtable twice
    // over (about one per code point): they go as a bulk write's do.
    if (options_.bulk_postings_from_code_points > 0 &&
        HoldsTextOf(mutation, options_.bulk_postings_from_code_points)) {
      return WriteBulk(mutation, nullptr);
    }
    internal::StoreWriter writer(
        db_.get(), &handles_, counters_, nullptr,
        internal::StoreWriter::EstimateBatchBytes(mutation, /*with_postings=*/true));
    ASSIGN_OR_RETURN(ApplyResult result, writer.Stage(mutation));
    // Cached reads this write makes stale go before it commits (see
    // storage/internal/read_cache.h).
    cache_.BeginWrite(writer.touched());
    const absl::Status committed = WriteLogged(writer.batch().GetWriteBatch());
    cache_.EndWrite(db_->GetLatestSequenceNumber());
    RETURN_IF_ERROR(committed);
    counters_ = writer.counters();
    PublishCommit(db_->GetLatestSequenceNumber());
    return result;
  }

  // Three steps (docs/storage.md, "Bulk writes"): a write that reserves the
  // new nodes' ids (so that a crash before the last step leaves their
  // postings to ids no node will ever have, which search passes over);
  // the ingestion of their postings, which takes one sequence number and
  // no log record; the write of everything else, with the BulkPostings
  // note that names the gap. Readers see the postings before the records
  // of the nodes they point to, and search skips ids without a node: the
  // write appears whole at the last step.
  absl::StatusOr<ApplyResult> ApplyBulk(Mutation mutation) override {
    RETURN_IF_ERROR(CheckWritable());
    absl::MutexLock lock(&write_mutex_);
    if (!db_) return absl::FailedPreconditionError("the store is closed");
    RETURN_IF_ERROR(CloseFailedBulkWrite());
    return WriteBulk(mutation, &mutation);
  }

  std::unique_ptr<GraphSnapshot> Snapshot() override {
    auto [snapshot, adjacency] = adjacency_.Snapshot(db_.get());
    return internal::NewRocksDbSnapshot(db_.get(), &handles_, &cache_, snapshot,
                                        std::move(adjacency));
  }

  StoreStats Stats() override {
    absl::MutexLock lock(&write_mutex_);
    return StoreStats{.nodes = counters_.nodes,
                      .edges = counters_.edges,
                      .last_change_sequence = counters_.next_sequence - 1};
  }

  absl::StatusOr<BackupInfo> CreateBackup(const std::string& backup_dir) override {
    uint64_t last_sequence = 0;
    {
      // Read under the lock so the sequence is one the backup holds: the
      // backup starts after it and writes only add later changes.
      absl::MutexLock lock(&write_mutex_);
      if (!db_) return absl::FailedPreconditionError("the store is closed");
      last_sequence = counters_.next_sequence - 1;
    }
    // One backup at a time; writes go on meanwhile. A Close waits for it.
    absl::MutexLock backup_lock(&backup_mutex_);
    absl::ReaderMutexLock open(&open_mutex_);
    if (!db_) return absl::FailedPreconditionError("the store is closed");
    return internal::CreateRocksDbBackup(db_.get(), backup_dir, last_sequence);
  }

  std::vector<EngineFigure> EngineFigures() override {
    // Held so that Close cannot free the database under the reads.
    absl::MutexLock lock(&write_mutex_);
    if (!db_) return {};
    std::vector<EngineFigure> figures = internal::CollectEngineFigures(db_.get(), handles_);
    const internal::AdjacencyFigures adjacency = adjacency_.Figures();
    figures.push_back({.name = "adjacency_enabled",
                       .help = "1 when traversals walk the in-memory adjacency.",
                       .value = adjacency.enabled ? 1.0 : 0.0});
    figures.push_back({.name = "adjacency_bytes",
                       .help = "Bytes of the in-memory adjacency's arrays.",
                       .value = static_cast<double>(adjacency.base_bytes)});
    figures.push_back({.name = "adjacency_build_seconds",
                       .help = "Seconds the in-memory adjacency took to build at open.",
                       .value = adjacency.build_seconds});
    figures.push_back({.name = "adjacency_merges",
                       .help = "Changed node lists folded into new adjacency arrays.",
                       .counter = true,
                       .value = static_cast<double>(adjacency.merges)});
    return figures;
  }

  absl::StatusOr<std::vector<std::pair<uint64_t, ChangeRecord>>> ReadChanges(
      uint64_t after, size_t limit) override {
    std::vector<std::pair<uint64_t, ChangeRecord>> changes;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(
        rocksdb::ReadOptions(), handles_.at(ColumnFamily::kLog)));
    for (it->Seek(internal::IdKey(after + 1));
         it->Valid() && changes.size() < limit; it->Next()) {
      ChangeRecord record;
      if (!record.ParseFromArray(it->value().data(),
                                 static_cast<int>(it->value().size()))) {
        return absl::DataLossError("a change record does not parse");
      }
      changes.emplace_back(internal::ReadU64(it->key().ToStringView()),
                           std::move(record));
    }
    if (!it->status().ok()) return ToStatus(it->status(), "reading changes");
    return changes;
  }

  uint64_t LatestSequence() override {
    absl::MutexLock lock(&write_mutex_);
    return db_ ? db_->GetLatestSequenceNumber() : 0;
  }

  absl::Status ReadUpdates(
      uint64_t from,
      absl::FunctionRef<bool(uint64_t sequence, std::string_view batch)> visit) override {
    return ForEachLoggedWrite(from, [&](uint64_t sequence, const rocksdb::WriteBatch& batch) {
      if (sequence < from) {
        return absl::InvalidArgumentError(
            StrCat("sequence ", from, " is inside the batch starting at ", sequence));
      }
      return visit(sequence, batch.Data()) ? absl::OkStatus() : absl::CancelledError();
    });
  }

  absl::Status ReadChangeBatches(
      uint64_t from, absl::FunctionRef<bool(const ChangeBatch& batch)> visit) override {
    // For a write logged before writes carried the names of the nodes
    // they refer to by id: the name as stored now, if the node still is.
    auto stored_name = [&](NodeId id) -> std::optional<std::string> {
      std::string value;
      NodeRecord record;
      if (!db_->Get(rocksdb::ReadOptions(), handles_.at(ColumnFamily::kNodes),
                    internal::IdKey(id), &value)
               .ok() ||
          !record.ParseFromString(value)) {
        return std::nullopt;
      }
      return std::move(*record.mutable_name());
    };
    return ForEachLoggedWrite(from, [&](uint64_t sequence, const rocksdb::WriteBatch& batch) {
      absl::StatusOr<ChangeBatch> changes =
          internal::DecodeChangeBatch(handles_, sequence, batch, from, stored_name);
      if (!changes.ok()) return changes.status();
      return visit(*changes) ? absl::OkStatus() : absl::CancelledError();
    });
  }

  bool WaitForCommit(uint64_t after, absl::Duration timeout) override {
    const absl::Time deadline = absl::Now() + timeout;
    absl::MutexLock lock(&commit_mutex_);
    while (committed_ <= after && !closed_) {
      if (commit_signal_.WaitWithDeadline(&commit_mutex_, deadline)) break;
    }
    return committed_ > after;
  }

  absl::Status ApplyReplicated(uint64_t sequence, std::string_view data) override {
    absl::MutexLock lock(&write_mutex_);
    if (!db_) return absl::FailedPreconditionError("the store is closed");
    const uint64_t latest = db_->GetLatestSequenceNumber();
    rocksdb::WriteBatch batch{std::string(data)};
    const bool is_batch = data.size() >= 12 && batch.Count() > 0;
    // A bulk write of the primary comes after the sequence numbers its
    // ingestion took: this replica ingests the same postings, built from
    // the write's node records, and takes what remains of the gap with
    // empty writes (a primary that failed before its ingestion left the
    // numbers unused). Replayed after a crash in between, the write finds
    // the gap taken.
    std::optional<BulkPostings> note;
    if (is_batch && sequence > latest + 1) note = internal::FindBulkPostings(batch);
    if (sequence != latest + 1 && (!note.has_value() || note->gap_begin() > latest + 1)) {
      return absl::FailedPreconditionError(StrCat("batch at sequence ", sequence,
                                                  " does not follow the store's ", latest));
    }
    if (!is_batch) return absl::InvalidArgumentError("batch is not a RocksDB write batch");
    // Which cached reads the batch makes stale is not known: drop all of
    // them, with filling stopped until the batch is published.
    cache_.BeginWrite(internal::Touched{});
    cache_.Clear();
    absl::Status applied = absl::OkStatus();
    if (note.has_value()) {
      internal::PostingTable postings(note->first_id());
      applied = internal::CollectBulkPostings(handles_, batch, *note, &postings);
      const std::string path = PostingTablePath();
      absl::StatusOr<size_t> written = 0;
      if (applied.ok()) written = postings.Write(TextOptions(), path);
      if (!written.ok()) applied = written.status();
      if (applied.ok() && *written > 0) applied = IngestPostings(path);
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
      while (applied.ok() && db_->GetLatestSequenceNumber() + 1 < sequence) {
        rocksdb::WriteBatch filler;
        filler.Put(handles_.at(ColumnFamily::kMeta), kMetaBulkGap, "");
        applied = WriteLogged(&filler);
      }
      if (applied.ok() && db_->GetLatestSequenceNumber() + 1 != sequence) {
        applied = absl::FailedPreconditionError(
            StrCat("the bulk write at sequence ", sequence, " took more sequence numbers on "
                   "this replica than on the primary"));
      }
    }
    if (applied.ok()) applied = WriteLogged(&batch);
    cache_.EndWrite(db_->GetLatestSequenceNumber());
    if (!applied.ok()) return applied;
    absl::StatusOr<internal::Counters> counters =
        internal::LoadCounters(db_.get(), handles_, kSchemaVersion);
    if (!counters.ok()) return counters.status();
    counters_ = *counters;
    PublishCommit(db_->GetLatestSequenceNumber());
    return absl::OkStatus();
  }

  absl::StatusOr<uint64_t> Checkpoint(const std::string& dir) override {
    absl::ReaderMutexLock lock(&open_mutex_);
    if (!db_) return absl::FailedPreconditionError("the store is closed");
    rocksdb::Checkpoint* raw = nullptr;
    RETURN_IF_ERROR(ToStatus(rocksdb::Checkpoint::Create(db_.get(), &raw), "checkpointing"));
    std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
    uint64_t sequence = 0;
    RETURN_IF_ERROR(ToStatus(checkpoint->CreateCheckpoint(dir, 0, &sequence),
                             StrCat("writing a checkpoint into '", dir, "'")));
    return sequence;
  }

  absl::Status Compact() override {
    absl::MutexLock lock(&write_mutex_);
    if (!db_) return absl::FailedPreconditionError("the store is closed");
    rocksdb::CompactRangeOptions options;
    options.bottommost_level_compaction =
        rocksdb::BottommostLevelCompaction::kForceOptimized;
    for (rocksdb::ColumnFamilyHandle* handle : handles_.all()) {
      RETURN_IF_ERROR(ToStatus(
          db_->CompactRange(options, handle, nullptr, nullptr), "compacting"));
    }
    return absl::OkStatus();
  }

  absl::Status Close() override {
    absl::WriterMutexLock open(&open_mutex_);  // waits for a running backup
    absl::MutexLock lock(&write_mutex_);
    if (!db_) return absl::OkStatus();
    cache_.Clear();
    adjacency_.Clear();
    absl::Status status = ToStatus(db_->FlushWAL(/*sync=*/true), "closing");
    for (rocksdb::ColumnFamilyHandle* handle : handles_.all()) {
      if (handle != db_->DefaultColumnFamily()) {
        db_->DestroyColumnFamilyHandle(handle);
      }
    }
    handles_.clear();
    if (absl::Status s = ToStatus(db_->Close(), "closing"); !s.ok()) status = s;
    db_.reset();
    {
      absl::MutexLock commit(&commit_mutex_);
      closed_ = true;
      commit_signal_.SignalAll();
    }
    return status;
  }

 private:
  // Whether the texts `mutation` upserts hold at least `limit` code points.
  static bool HoldsTextOf(const Mutation& mutation, size_t limit) {
    // A record's encoded size bounds its text's code points: most writes
    // are answered without parsing a record.
    size_t bound = 0;
    for (const Mutation::Op& op : mutation.ops()) {
      if (op.type == Mutation::Op::Type::kUpsertNode) bound += mutation.node_bytes(op).size();
    }
    if (bound < limit) return false;
    size_t code_points = 0;
    for (const Mutation::Op& op : mutation.ops()) {
      if (op.type != Mutation::Op::Type::kUpsertNode) continue;
      code_points += internal::CodePointCount(mutation.node(op).text());
      if (code_points >= limit) return true;
    }
    return false;
  }

  // ApplyBulk's steps for `mutation`; with `releasing` (the same mutation),
  // each operation is freed once staged, and the whole before the write.
  absl::StatusOr<ApplyResult> WriteBulk(const Mutation& mutation, Mutation* releasing)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mutex_) {
    const uint64_t first_id = counters_.next_id;
    internal::PostingTable postings(first_id);
    internal::StoreWriter writer(
        db_.get(), &handles_, counters_, &postings,
        internal::StoreWriter::EstimateBatchBytes(mutation, /*with_postings=*/false));
    ApplyResult result;
    if (releasing != nullptr) {
      ASSIGN_OR_RETURN(result, writer.StageReleasing(*releasing));
      *releasing = Mutation();
    } else {
      ASSIGN_OR_RETURN(result, writer.Stage(mutation));
    }
    rocksdb::WriteBatch* batch = writer.batch().GetWriteBatch();
    const uint64_t end_id = writer.counters().next_id;
    const std::string path = PostingTablePath();
    ASSIGN_OR_RETURN(const size_t written, postings.Write(TextOptions(), path));
    cache_.BeginWrite(writer.touched());
    absl::Status committed = absl::OkStatus();
    const std::string kept = internal::KeptPostingTablePath(db_->GetName());
    BulkPostings note;
    bool reserved = false;
    if (written > 0) {
      note.set_first_id(first_id);
      note.set_end_id(end_id);
      // The ingestion comes after the reservation's two records.
      note.set_gap_begin(db_->GetLatestSequenceNumber() + 3);
      rocksdb::WriteBatch reserve;
      reserve.Put(handles_.at(ColumnFamily::kMeta), internal::kMetaNextId,
                  internal::IdKey(end_id));
      reserve.Put(handles_.at(ColumnFamily::kMeta), internal::kMetaBulkPending,
                  note.SerializeAsString());
      // Kept until the write commits: what closing it takes back.
      committed = internal::KeepPostingTable(path, kept);
      if (committed.ok()) committed = WriteLogged(&reserve);
      if (committed.ok()) {
        reserved = true;
        counters_.next_id = end_id;  // Reserved, whatever happens next.
        if (options_.bulk_write_hook) options_.bulk_write_hook("reserved");
        committed = IngestPostings(path);
      }
      if (committed.ok() && options_.bulk_write_hook) options_.bulk_write_hook("ingested");
      if (committed.ok()) {
        committed = ToStatus(batch->PutLogData(internal::BulkPostingsLogData(note)), "staging");
      }
      if (committed.ok()) {
        committed = ToStatus(
            batch->Delete(handles_.at(ColumnFamily::kMeta), internal::kMetaBulkPending),
            "staging");
      }
    }
    if (committed.ok()) committed = WriteLogged(batch);
    if (!committed.ok() && reserved) {
      // Closed now, so that no later write lands after an unnamed gap
      // (log readers would stop there) and no posting of the reserved ids
      // stays. When the store cannot write yet (RocksDB recovering from
      // the error), the next write closes it first; a restart does too.
      failed_bulk_write_ = note;
      CloseFailedBulkWrite().IgnoreError();
    }
    cache_.EndWrite(db_->GetLatestSequenceNumber());
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    if (!failed_bulk_write_.has_value()) std::filesystem::remove(kept, ignored);
    if (!committed.ok()) {
      PublishCommit(db_->GetLatestSequenceNumber());
      return committed;
    }
    counters_ = writer.counters();
    PublishCommit(db_->GetLatestSequenceNumber());
    return result;
  }

  absl::Status CheckWritable() const {
    if (options_.replica_of.empty()) return absl::OkStatus();
    return absl::FailedPreconditionError(
        StrCat("this server is a read replica of ", options_.replica_of,
               "; send writes and imports to the primary"));
  }

  // Writes `batch` through the write-ahead log, the adjacency following.
  // The caller holds write_mutex_ and has begun the read cache's write.
  absl::Status WriteLogged(rocksdb::WriteBatch* batch) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mutex_) {
    rocksdb::WriteOptions write_options;
    write_options.sync = options_.sync_writes;
    adjacency_.BeginCommit(adjacency_.Prepare(*batch));
    const rocksdb::Status s = db_->Write(write_options, batch);
    adjacency_.EndCommit(s.ok(), db_->GetLatestSequenceNumber());
    return ToStatus(s, "committing a write");
  }

  // Where a bulk write builds its posting table: in the database's
  // directory, so that ingesting it is a hard link.
  std::string PostingTablePath() const { return db_->GetName() + "/bulk-postings.tmp"; }

  rocksdb::Options TextOptions() const {
    return db_->GetOptions(handles_.at(ColumnFamily::kText));
  }

  // Ingests the table file at `path` into the text family. A snapshot held
  // meanwhile makes RocksDB give the file a sequence number of its own even
  // where it overlaps nothing: the ingestion takes exactly one, on a
  // primary as on its replicas. The caller holds write_mutex_ and has
  // begun the read cache's write.
  absl::Status IngestPostings(const std::string& path) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mutex_) {
    const rocksdb::Snapshot* held = db_->GetSnapshot();
    const uint64_t before = db_->GetLatestSequenceNumber();
    adjacency_.BeginCommit(adjacency_.PrepareUnchanged(1));
    rocksdb::IngestExternalFileOptions options;
    options.move_files = true;
    const rocksdb::Status s =
        db_->IngestExternalFile(handles_.at(ColumnFamily::kText), {path}, options);
    // An ingestion that fails late (its table file's record in the
    // MANIFEST) has taken its sequence number all the same: the unchanged
    // version holds at it.
    const uint64_t after = db_->GetLatestSequenceNumber();
    adjacency_.EndCommit(s.ok() || after == before + 1, after);
    db_->ReleaseSnapshot(held);
    return ToStatus(s, "ingesting bulk postings");
  }

  // Closes the bulk write that failed after reserving its ids, if one did
  // and it is not closed yet (storage/internal/bulk_close.h): names the
  // gap its ingestion may have left in the log, and deletes the postings
  // it may have left. Every write calls it first, so that none lands
  // after an unnamed gap; its error fails that write.
  absl::Status CloseFailedBulkWrite() ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mutex_) {
    if (!failed_bulk_write_.has_value()) return absl::OkStatus();
    const std::string kept = internal::KeptPostingTablePath(db_->GetName());
    // Which cached postings the deletions make stale is not known here.
    cache_.BeginWrite(internal::Touched{});
    cache_.Clear();
    const absl::StatusOr<size_t> closed = internal::CloseBulkWrite(
        handles_, *failed_bulk_write_, TextOptions(), kept,
        [&](rocksdb::WriteBatch* batch) { return WriteLogged(batch); });
    cache_.EndWrite(db_->GetLatestSequenceNumber());
    PublishCommit(db_->GetLatestSequenceNumber());
    if (!closed.ok()) {
      return absl::Status(closed.status().code(),
                          StrCat("closing a failed bulk write: ", closed.status().message()));
    }
    failed_bulk_write_.reset();
    std::error_code ignored;
    std::filesystem::remove(kept, ignored);
    return absl::OkStatus();
  }

  // Whether a bulk write has reserved its ids and not yet been written.
  bool BulkWritePending() {
    std::string value;
    return db_->Get(rocksdb::ReadOptions(), handles_.at(ColumnFamily::kMeta),
                    internal::kMetaBulkPending, &value)
        .ok();
  }

  // Wakes WaitForCommit callers once a write up to `sequence` is readable.
  void PublishCommit(uint64_t sequence) {
    absl::MutexLock lock(&commit_mutex_);
    committed_ = sequence;
    commit_signal_.SignalAll();
  }

  // The oldest sequence the write-ahead log still holds: latest + 1 when
  // it holds none.
  uint64_t OldestLoggedSequence() {
    rocksdb::VectorLogPtr files;
    if (db_->GetSortedWalFiles(files).ok()) {
      for (const std::unique_ptr<rocksdb::LogFile>& file : files) {
        if (file->StartSequence() > 0) return file->StartSequence();
      }
    }
    return db_->GetLatestSequenceNumber() + 1;
  }

  // Visits the committed write batches in the write-ahead log that hold
  // sequence `from` and later, in order (the first may start before
  // `from`). A visit's error ends the walk; CANCELLED from it ends it
  // without error. OUT_OF_RANGE when the log from `from` is no longer kept.
  absl::Status ForEachLoggedWrite(
      uint64_t from,
      absl::FunctionRef<absl::Status(uint64_t sequence, const rocksdb::WriteBatch& batch)>
          visit) {
    // Close cannot free the database while the log is read: reads take the
    // write lock only briefly, so writes go on between batches.
    absl::ReaderMutexLock lock(&open_mutex_);
    if (!db_) return absl::FailedPreconditionError("the store is closed");
    if (from > db_->GetLatestSequenceNumber()) return absl::OkStatus();
    auto gone = [&](std::string_view why) {
      return absl::OutOfRangeError(StrCat("the write-ahead log from sequence ", from,
                                          " is no longer kept (the oldest sequence kept is ",
                                          OldestLoggedSequence(), ")", why));
    };
    // The next sequence number to visit. A bulk write's ingestion takes
    // sequence numbers the log holds no record for: RocksDB's iterator
    // stops at such a gap, and the walk goes on from the batch after it
    // when that batch's BulkPostings note names the gap.
    uint64_t expected = from;
    bool first = true;
    while (true) {
      std::unique_ptr<rocksdb::TransactionLogIterator> it;
      rocksdb::Status s = db_->GetUpdatesSince(expected, &it);
      if (s.IsNotFound() || s.IsCorruption()) return gone(StrCat(": ", s.ToString()));
      if (!s.ok()) return ToStatus(s, "reading the write-ahead log");
      bool moved = false;
      for (; it->Valid(); it->Next()) {
        rocksdb::BatchResult result = it->GetBatch();
        const uint64_t sequence = result.sequence;
        const uint64_t count = result.writeBatchPtr->Count();
        if (sequence > expected &&
            !internal::IsBulkPostingsGap(*result.writeBatchPtr, expected, sequence)) {
          return gone("");
        }
        first = false;
        if (sequence + count <= from) continue;  // Already seen by the caller.
        moved = true;
        absl::Status visited = visit(sequence, *result.writeBatchPtr);
        if (absl::IsCancelled(visited)) return absl::OkStatus();
        if (!visited.ok()) return visited;
        expected = sequence + count;
      }
      // A log that ends is the normal end; a log that is cut is not.
      s = it->status();
      if (s.ok() || s.IsTryAgain()) break;
      // RocksDB reports a gap as NotFound: look again from the gap.
      if (s.IsNotFound() && moved && expected <= db_->GetLatestSequenceNumber()) continue;
      // A bulk write between its ingestion and its write.
      if (s.IsNotFound() && BulkWritePending()) break;
      return ToStatus(s, "reading the write-ahead log");
    }
    // `from` was committed (checked above), so a log without it has lost it,
    // unless it is the ingestion of a bulk write not yet written.
    if (first && !BulkWritePending()) return gone("");
    return absl::OkStatus();
  }

  // Held shared by a backup and exclusively by Close, so that a backup never
  // sees the database freed. Taken before write_mutex_.
  absl::Mutex open_mutex_;
  absl::Mutex backup_mutex_;  // One backup at a time.
  absl::Mutex write_mutex_;
  std::unique_ptr<rocksdb::DB> db_;
  internal::Handles handles_;
  internal::Counters counters_ ABSL_GUARDED_BY(write_mutex_);
  // A bulk write that reserved its ids, failed, and is not closed yet.
  std::optional<BulkPostings> failed_bulk_write_ ABSL_GUARDED_BY(write_mutex_);
  const StoreOptions options_;
  internal::ReadCache cache_;
  internal::Adjacency adjacency_;
  // The latest committed sequence, for WaitForCommit.
  absl::Mutex commit_mutex_;
  absl::CondVar commit_signal_;
  uint64_t committed_ ABSL_GUARDED_BY(commit_mutex_) = 0;
  bool closed_ ABSL_GUARDED_BY(commit_mutex_) = false;
};

rocksdb::ColumnFamilyOptions FamilyOptions(
    ColumnFamily family, const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions options;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  // Bloom filters let point lookups (names, nodes, one edge) skip files that
  // cannot hold the key; 10 bits a key give ~1% false positives.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  // Index and filter blocks live with their table readers rather than in
  // the LRU cache: every point read probes both, and a cache lookup for
  // each costs more than the read itself. They take about 1.5% of the
  // data's size in memory.
  table.cache_index_and_filter_blocks = false;
  table.format_version = 5;
  // A hash index in each data block turns a point lookup's binary search
  // into one probe: node, name and single-edge reads are most of a query.
  table.data_block_index_type =
      rocksdb::BlockBasedTableOptions::kDataBlockBinaryAndHash;
  table.data_block_hash_table_util_ratio = 0.75;
  if (family == ColumnFamily::kOut || family == ColumnFamily::kIn) {
    // Every edge scan is within one node's 8-byte id prefix: prefix blooms
    // let "edges of X" skip files without X, and whole keys still serve
    // single-edge lookups.
    options.prefix_extractor.reset(
        rocksdb::NewFixedPrefixTransform(internal::kIdBytes));
    table.whole_key_filtering = true;
  }
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  options.level_compaction_dynamic_level_bytes = true;
  return options;
}

// A bulk write that reserved its ids but never wrote (the process ended
// in between) may have ingested its postings, to ids no node will have,
// and the write-ahead log then jumps over the ingestion's sequence
// number. Closing it (storage/internal/bulk_close.h) deletes those
// postings and names the gap for log readers. A replica leaves it to its
// primary, whose log it follows.
absl::Status CloseUnfinishedBulkWrite(rocksdb::DB* db, const internal::Handles& handles,
                                      const StoreOptions& options) {
  std::error_code ignored;
  std::filesystem::remove(db->GetName() + "/bulk-postings.tmp", ignored);
  const std::string kept = internal::KeptPostingTablePath(db->GetName());
  std::string value;
  rocksdb::ColumnFamilyHandle* meta = handles.at(ColumnFamily::kMeta);
  const rocksdb::Status found =
      options.replica_of.empty()
          ? db->Get(rocksdb::ReadOptions(), meta, internal::kMetaBulkPending, &value)
          : rocksdb::Status::NotFound();
  if (found.IsNotFound()) {
    // Left by a write that committed, or one that never reserved.
    std::filesystem::remove(kept, ignored);
    return absl::OkStatus();
  }
  if (!found.ok()) return ToStatus(found, "reading the bulk write in progress");
  BulkPostings note;
  if (!note.ParseFromString(value)) {
    return absl::DataLossError("the record of an unfinished bulk write does not parse");
  }
  rocksdb::WriteOptions write_options;
  write_options.sync = options.sync_writes;
  const absl::StatusOr<size_t> closed = internal::CloseBulkWrite(
      handles, note, db->GetOptions(handles.at(ColumnFamily::kText)), kept,
      [&](rocksdb::WriteBatch* batch) {
        return ToStatus(db->Write(write_options, batch), "closing an unfinished bulk write");
      });
  if (!closed.ok()) return closed.status();
  std::filesystem::remove(kept, ignored);
  return absl::OkStatus();
}

}  // namespace

// The memtables' budget across every column family.
constexpr size_t kMemtableBudgetBytes = 128 << 20;

absl::StatusOr<std::unique_ptr<GraphStore>> OpenGraphStore(
    const std::string& path, const StoreOptions& store_options) {
  rocksdb::DBOptions options;
  options.create_if_missing = store_options.create_if_missing;
  if (store_options.env != nullptr) options.env = store_options.env;
  options.create_missing_column_families = true;
  // Sized for a small machine: two background jobs, a bounded WAL.
  options.max_background_jobs = 2;
  options.max_total_wal_size = 256 << 20;
  // One budget for the memtables of all column families: without it each of
  // the nine may grow to its own 64 MiB write buffer before the WAL limit
  // forces a flush, and a write-heavy server's memory climbs by hundreds of
  // MiB. Past the budget the largest memtable is flushed (writes do not stall).
  options.write_buffer_manager =
      std::make_shared<rocksdb::WriteBufferManager>(kMemtableBudgetBytes);
  options.keep_log_file_num = 5;
  // Flushed write-ahead logs are archived for replicas (ReadUpdates).
  options.WAL_ttl_seconds = store_options.wal_ttl_seconds;
  options.WAL_size_limit_MB = store_options.wal_size_limit_mb;
  // Tickers only (block cache hits and misses for metrics); histograms and
  // timers would cost on every read.
  options.statistics = rocksdb::CreateDBStatistics();
  options.statistics->set_stats_level(rocksdb::StatsLevel::kExceptHistogramOrTimers);
  const std::shared_ptr<rocksdb::Cache> cache =
      rocksdb::NewLRUCache(store_options.block_cache_bytes);

  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (size_t i = 0; i < kColumnFamilyNames.size(); ++i) {
    families.emplace_back(
        std::string(kColumnFamilyNames[i]),
        FamilyOptions(static_cast<ColumnFamily>(i), cache));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> raw_handles;
  rocksdb::DB* raw_db = nullptr;
  const rocksdb::Status s =
      rocksdb::DB::Open(options, path, families, &raw_handles, &raw_db);
  if (!s.ok()) {
    if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
      return absl::UnavailableError(StrCat(
          "database '", path, "' is in use by another process: ", s.ToString()));
    }
    return ToStatus(s, StrCat("opening database '", path, "'"));
  }
  std::unique_ptr<rocksdb::DB> db(raw_db);
  internal::Handles handles(raw_handles);

  auto close_on_error = [&](absl::Status status) {
    for (rocksdb::ColumnFamilyHandle* h : handles.all()) {
      if (h != db->DefaultColumnFamily()) db->DestroyColumnFamilyHandle(h);
    }
    db->Close().PermitUncheckedError();
    return status;
  };
  absl::StatusOr<internal::Counters> counters =
      internal::LoadCounters(db.get(), handles, kSchemaVersion);
  if (!counters.ok()) return close_on_error(counters.status());
  if (absl::Status closed = CloseUnfinishedBulkWrite(db.get(), handles, store_options);
      !closed.ok()) {
    return close_on_error(closed);
  }
  return std::make_unique<RocksDbGraphStore>(std::move(db), std::move(handles),
                                             *counters, store_options);
}

}  // namespace remarkgraph::storage
