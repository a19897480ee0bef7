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
#include <memory>
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
#include "rocksdb/table.h"
#include "storage/graph_store.h"
#include "storage/internal/key_codec.h"
#include "storage/internal/read_cache.h"
#include "storage/internal/rocksdb_util.h"
#include "storage/internal/store_writer.h"
#include "storage/internal/text_index.h"

namespace remarkgraph::storage {
namespace {

using internal::ColumnFamily;
using internal::kColumnFamilyNames;
using internal::ToStatus;

constexpr int kSchemaVersion = 1;

class RocksDbSnapshot final : public GraphSnapshot {
 public:
  RocksDbSnapshot(rocksdb::DB* db, const internal::Handles* handles,
                  internal::ReadCache* cache)
      : db_(db),
        handles_(handles),
        cache_(cache),
        snapshot_(db->GetSnapshot()),
        sequence_(snapshot_->GetSequenceNumber()) {
    read_options_.snapshot = snapshot_;
  }
  ~RocksDbSnapshot() override {
    for (auto& it : edge_iterators_) it.reset();
    db_->ReleaseSnapshot(snapshot_);
  }

  absl::StatusOr<std::optional<NodeId>> Resolve(
      std::string_view name) override {
    const std::string key(name);
    if (std::optional<NodeId> id = cache_->GetName(key, sequence_)) return id;
    std::string value;
    const rocksdb::Status s = db_->Get(
        read_options_, handles_->at(ColumnFamily::kNames), name, &value);
    if (s.IsNotFound()) return std::nullopt;
    if (!s.ok()) return ToStatus(s, "resolving a name");
    const NodeId id = internal::ReadU64(value);
    cache_->FillName(key, id, sequence_);
    return id;
  }

  absl::StatusOr<std::vector<std::optional<NodeId>>> ResolveNames(
      const std::vector<std::string>& names) override {
    std::vector<std::optional<NodeId>> out(names.size());
    std::vector<size_t> order;
    for (size_t i = 0; i < names.size(); ++i) {
      out[i] = cache_->GetName(names[i], sequence_);
      if (!out[i].has_value()) order.push_back(i);
    }
    if (order.empty()) return out;
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return names[a] < names[b]; });
    std::vector<rocksdb::Slice> keys(order.size());
    for (size_t i = 0; i < order.size(); ++i) keys[i] = names[order[i]];
    std::vector<rocksdb::PinnableSlice> values(order.size());
    std::vector<rocksdb::Status> statuses(order.size());
    db_->MultiGet(read_options_, handles_->at(ColumnFamily::kNames),
                  keys.size(), keys.data(), values.data(), statuses.data(),
                  /*sorted_input=*/true);
    for (size_t i = 0; i < order.size(); ++i) {
      if (statuses[i].IsNotFound()) continue;
      if (!statuses[i].ok()) return ToStatus(statuses[i], "resolving names");
      const NodeId id = internal::ReadU64(values[i].ToStringView());
      out[order[i]] = id;
      cache_->FillName(names[order[i]], id, sequence_);
    }
    return out;
  }

  absl::StatusOr<std::optional<NodeRecord>> GetNode(NodeId id) override {
    if (auto cached = cache_->GetNode(id, sequence_)) return *cached;
    rocksdb::PinnableSlice value;
    const rocksdb::Status s =
        db_->Get(read_options_, handles_->at(ColumnFamily::kNodes),
                 internal::IdKey(id), &value);
    if (s.IsNotFound()) return std::nullopt;
    if (!s.ok()) return ToStatus(s, "reading a node");
    auto record = std::make_shared<NodeRecord>();
    if (!record->ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      return absl::DataLossError(StrCat("node ", id, " does not parse"));
    }
    NodeRecord copy = *record;
    cache_->FillNode(id, std::move(record), sequence_);
    return copy;
  }

  absl::StatusOr<std::vector<std::optional<NodeRecord>>> GetNodes(
      const std::vector<NodeId>& ids) override {
    ASSIGN_OR_RETURN(std::vector<std::shared_ptr<const NodeRecord>> shared,
                     GetSharedNodes(ids));
    std::vector<std::optional<NodeRecord>> out(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
      if (shared[i] != nullptr) out[i] = *shared[i];
    }
    return out;
  }

  absl::StatusOr<std::vector<std::shared_ptr<const NodeRecord>>>
  GetSharedNodes(const std::vector<NodeId>& ids) override {
    // Cached records first; MultiGet wants sorted keys for its batched
    // lookup of the rest. Answers come in the caller's order.
    std::vector<std::shared_ptr<const NodeRecord>> out(ids.size());
    std::vector<size_t> order;
    for (size_t i = 0; i < ids.size(); ++i) {
      out[i] = cache_->GetNode(ids[i], sequence_);
      if (out[i] == nullptr) order.push_back(i);
    }
    if (order.empty()) return out;
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return ids[a] < ids[b]; });
    std::vector<std::string> keys(order.size());
    std::vector<rocksdb::Slice> slices(order.size());
    for (size_t i = 0; i < order.size(); ++i) {
      keys[i] = internal::IdKey(ids[order[i]]);
      slices[i] = keys[i];
    }
    std::vector<rocksdb::PinnableSlice> values(order.size());
    std::vector<rocksdb::Status> statuses(order.size());
    db_->MultiGet(read_options_, handles_->at(ColumnFamily::kNodes),
                  slices.size(), slices.data(), values.data(), statuses.data(),
                  /*sorted_input=*/true);
    for (size_t i = 0; i < order.size(); ++i) {
      if (statuses[i].IsNotFound()) continue;
      if (!statuses[i].ok()) return ToStatus(statuses[i], "reading nodes");
      auto record = std::make_shared<NodeRecord>();
      if (!record->ParseFromArray(values[i].data(),
                                  static_cast<int>(values[i].size()))) {
        return absl::DataLossError("a stored node does not parse");
      }
      out[order[i]] = record;
      cache_->FillNode(ids[order[i]], std::move(record), sequence_);
    }
    return out;
  }

  absl::StatusOr<int64_t> ScanEdges(
      NodeId node, EdgeDirection direction, std::optional<EdgeKind> kind,
      std::optional<EdgeCursor> start_after,
      absl::FunctionRef<bool(const EdgeEntry&)> visit) override {
    if (!cache_->enabled()) {
      return ScanStored(node, direction, kind, start_after, visit);
    }
    const internal::EdgeListKey key{node, direction,
                                    kind.value_or(EdgeKind::kUnspecified)};
    std::shared_ptr<const internal::EdgeList> list =
        cache_->GetList(key, sequence_);
    if (list == nullptr && !start_after.has_value()) {
      // A scan from the start reads the whole list once, if it is small
      // enough to keep; later chunks (with a cursor) then come from memory.
      auto built = std::make_shared<internal::EdgeList>();
      bool complete = true;
      ASSIGN_OR_RETURN(int64_t read,
                       ScanStored(node, direction, kind, std::nullopt,
                                  [&](const EdgeEntry& e) {
                                    if (built->neighbors.size() >= kMaxListEdges) {
                                      complete = false;
                                      return false;
                                    }
                                    built->kinds.push_back(e.kind);
                                    built->neighbors.push_back(e.neighbor);
                                    built->values.emplace_back(e.value);
                                    return true;
                                  }));
      (void)read;
      if (complete) {
        list = std::move(built);
        cache_->FillList(key, list, sequence_);
      }
    }
    if (list == nullptr) {
      return ScanStored(node, direction, kind, start_after, visit);
    }
    // Strictly after the cursor, in (kind, neighbor) order.
    size_t i = 0;
    if (start_after.has_value()) {
      const std::pair<EdgeKind, NodeId> after{start_after->kind,
                                              start_after->neighbor};
      size_t lo = 0, hi = list->neighbors.size();
      while (lo < hi) {
        const size_t mid = (lo + hi) / 2;
        if (std::make_pair(list->kinds[mid], list->neighbors[mid]) <= after) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      i = lo;
    }
    int64_t visited = 0;
    for (; i < list->neighbors.size(); ++i) {
      ++visited;
      const EdgeEntry entry{.node = node,
                            .neighbor = list->neighbors[i],
                            .kind = list->kinds[i],
                            .direction = direction,
                            .value = list->values[i]};
      if (!visit(entry)) break;
    }
    return visited;
  }

  // ScanEdges straight from RocksDB.
  absl::StatusOr<int64_t> ScanStored(
      NodeId node, EdgeDirection direction, std::optional<EdgeKind> kind,
      std::optional<EdgeCursor> start_after,
      absl::FunctionRef<bool(const EdgeEntry&)> visit) {
    const std::string prefix = kind ? internal::EdgeKindPrefix(node, *kind)
                                    : internal::NodePrefix(node);
    std::string start = prefix;
    if (start_after) {
      // Seek to the cursor's own key, then step past it if present.
      start = internal::EdgeKey(node, start_after->kind, start_after->neighbor);
      if (start < prefix) start = prefix;
    }
    // A traversal scans thousands of nodes' edges per query: one iterator
    // per direction is kept for the snapshot's life and re-seeked, which
    // saves building RocksDB's iterator tree on every scan. A visit that
    // scans again (nested) gets an iterator of its own.
    const size_t slot = static_cast<size_t>(direction);
    std::unique_ptr<rocksdb::Iterator> nested;
    rocksdb::Iterator* it;
    if (!edge_iterator_busy_[slot]) {
      if (!edge_iterators_[slot]) edge_iterators_[slot] = NewEdgeIterator(direction);
      it = edge_iterators_[slot].get();
      edge_iterator_busy_[slot] = true;
    } else {
      nested = NewEdgeIterator(direction);
      it = nested.get();
    }
    struct Release {
      bool* busy;
      bool owned;
      ~Release() {
        if (owned) *busy = false;
      }
    } release{&edge_iterator_busy_[slot], nested == nullptr};
    int64_t visited = 0;
    for (it->Seek(start); it->Valid(); it->Next()) {
      const rocksdb::Slice key = it->key();
      if (!key.starts_with(prefix)) break;
      const auto decoded = internal::DecodeEdgeKey(key.ToStringView());
      if (!decoded) return absl::DataLossError("malformed edge key");
      if (start_after && decoded->kind == start_after->kind &&
          decoded->neighbor == start_after->neighbor) {
        continue;
      }
      ++visited;
      const EdgeEntry entry{.node = node,
                            .neighbor = decoded->neighbor,
                            .kind = decoded->kind,
                            .direction = direction,
                            .value = it->value().ToStringView()};
      if (!visit(entry)) break;
    }
    if (!it->status().ok()) return ToStatus(it->status(), "scanning edges");
    return visited;
  }

  absl::StatusOr<std::optional<EdgeRecord>> GetEdge(NodeId source,
                                                    EdgeKind kind,
                                                    NodeId target) override {
    rocksdb::PinnableSlice value;
    const rocksdb::Status s =
        db_->Get(read_options_, handles_->at(ColumnFamily::kOut),
                 internal::EdgeKey(source, kind, target), &value);
    if (s.IsNotFound()) return std::nullopt;
    if (!s.ok()) return ToStatus(s, "reading an edge");
    EdgeRecord record;
    if (!record.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      return absl::DataLossError("a stored edge does not parse");
    }
    return record;
  }

  absl::Status ScanKind(
      NodeKind kind, std::string_view start_after_name,
      absl::FunctionRef<bool(std::string_view, NodeId)> visit) override {
    const std::string prefix = internal::KindIndexPrefix(kind);
    const std::string upper = internal::PrefixSuccessor(prefix);
    rocksdb::ReadOptions options = read_options_;
    const rocksdb::Slice upper_slice(upper);
    options.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(options, handles_->at(ColumnFamily::kIndex)));
    const std::string start = internal::KindIndexKey(kind, start_after_name);
    for (it->Seek(start); it->Valid(); it->Next()) {
      const std::string_view name =
          it->key().ToStringView().substr(prefix.size());
      if (!start_after_name.empty() && name == start_after_name) continue;
      if (!visit(name, internal::ReadU64(it->value().ToStringView()))) break;
    }
    if (!it->status().ok()) return ToStatus(it->status(), "scanning a kind");
    return absl::OkStatus();
  }

  absl::Status ScanTextCandidates(
      std::string_view normalized_query, NodeId start_after,
      absl::FunctionRef<bool(NodeId)> visit) override {
    const std::vector<std::string> bigrams =
        internal::DistinctBigrams(normalized_query);
    if (bigrams.empty()) {
      return absl::InvalidArgumentError(
          "query: must be at least 2 characters (not counting spaces)");
    }
    // Leapfrog intersection of the posting lists: every cursor is moved to
    // the largest id any cursor is on, until they agree. A list short
    // enough to keep comes from the read cache (read whole once); a longer
    // one is walked with a RocksDB iterator.
    struct Cursor {
      std::string prefix, upper;
      rocksdb::Slice upper_slice;
      std::unique_ptr<rocksdb::Iterator> it;
      std::shared_ptr<const internal::Postings> postings;
      size_t next = 0;  // In `postings`: nothing before it is >= a target.
    };
    std::vector<Cursor> cursors(bigrams.size());
    for (size_t i = 0; i < bigrams.size(); ++i) {
      Cursor& c = cursors[i];
      c.prefix = internal::TextPrefix(bigrams[i]);
      ASSIGN_OR_RETURN(c.postings, CachedPostings(c.prefix));
      if (c.postings != nullptr && c.postings->complete) continue;
      c.postings.reset();
      c.upper = internal::PrefixSuccessor(c.prefix);
      c.upper_slice = rocksdb::Slice(c.upper);
      rocksdb::ReadOptions options = read_options_;
      options.iterate_upper_bound = &c.upper_slice;
      c.it.reset(db_->NewIterator(options, handles_->at(ColumnFamily::kText)));
    }
    // The shortest lists lead: they move the candidate furthest per step.
    std::stable_sort(cursors.begin(), cursors.end(),
                     [](const Cursor& a, const Cursor& b) {
                       const size_t na = a.postings ? a.postings->ids.size() : SIZE_MAX;
                       const size_t nb = b.postings ? b.postings->ids.size() : SIZE_MAX;
                       return na < nb;
                     });
    auto seek = [&](Cursor& c, NodeId at_least) -> absl::StatusOr<std::optional<NodeId>> {
      if (c.postings != nullptr) {
        const std::vector<NodeId>& p = c.postings->ids;
        c.next = static_cast<size_t>(
            std::lower_bound(p.begin() + static_cast<std::ptrdiff_t>(c.next), p.end(),
                             at_least) -
            p.begin());
        if (c.next == p.size()) return std::nullopt;
        return p[c.next];
      }
      std::string key = c.prefix;
      internal::AppendU64(&key, at_least);
      c.it->Seek(key);
      if (!c.it->status().ok()) return ToStatus(c.it->status(), "search");
      if (!c.it->Valid()) return std::nullopt;
      return internal::ReadU64(
          c.it->key().ToStringView().substr(c.prefix.size()));
    };
    NodeId candidate = start_after + 1;
    while (true) {
      bool agreed = true;
      for (Cursor& c : cursors) {
        ASSIGN_OR_RETURN(const std::optional<NodeId> id, seek(c, candidate));
        if (!id) return absl::OkStatus();
        if (*id != candidate) {
          candidate = *id;
          agreed = false;
          break;
        }
      }
      if (!agreed) continue;
      if (!visit(candidate)) return absl::OkStatus();
      ++candidate;
    }
  }

 private:
  // The posting list of the text key `prefix` from the read cache, read
  // whole and cached on a miss; past kMaxPostings ids only the fact that it
  // is longer is kept (complete = false). nullptr if the cache is off.
  absl::StatusOr<std::shared_ptr<const internal::Postings>> CachedPostings(
      const std::string& prefix) {
    if (!cache_->enabled()) return nullptr;
    if (auto cached = cache_->GetPostings(prefix, sequence_)) return cached;
    const std::string upper = internal::PrefixSuccessor(prefix);
    const rocksdb::Slice upper_slice(upper);
    rocksdb::ReadOptions options = read_options_;
    options.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(options, handles_->at(ColumnFamily::kText)));
    auto postings = std::make_shared<internal::Postings>();
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      if (postings->ids.size() >= kMaxPostings) {
        postings->complete = false;
        postings->ids.clear();
        postings->ids.shrink_to_fit();
        break;
      }
      postings->ids.push_back(
          internal::ReadU64(it->key().ToStringView().substr(prefix.size())));
    }
    if (!it->status().ok()) return ToStatus(it->status(), "search");
    cache_->FillPostings(prefix, postings, sequence_);
    return std::shared_ptr<const internal::Postings>(std::move(postings));
  }

  // Posting lists longer than this are walked in RocksDB, not kept.
  static constexpr size_t kMaxPostings = 32768;

  // An iterator over `out` or `in` at this snapshot that stays within one
  // node's prefix (the prefix extractor's 8 bytes).
  std::unique_ptr<rocksdb::Iterator> NewEdgeIterator(EdgeDirection direction) {
    rocksdb::ReadOptions options = read_options_;
    options.prefix_same_as_start = true;
    const ColumnFamily family = direction == EdgeDirection::kOutgoing
                                    ? ColumnFamily::kOut
                                    : ColumnFamily::kIn;
    return std::unique_ptr<rocksdb::Iterator>(
        db_->NewIterator(options, handles_->at(family)));
  }

  // Edge lists longer than this are not kept (a supernode's references
  // are read in chunks straight from RocksDB).
  static constexpr size_t kMaxListEdges = 8192;

  rocksdb::DB* const db_;
  const internal::Handles* const handles_;
  internal::ReadCache* const cache_;
  const rocksdb::Snapshot* const snapshot_;
  const uint64_t sequence_;
  rocksdb::ReadOptions read_options_;
  // Reused edge iterators, by EdgeDirection; released before the snapshot.
  std::unique_ptr<rocksdb::Iterator> edge_iterators_[2];
  bool edge_iterator_busy_[2] = {false, false};
};

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
  }

  ~RocksDbGraphStore() override { Close().IgnoreError(); }

  absl::StatusOr<ApplyResult> Apply(const Mutation& mutation) override {
    absl::MutexLock lock(&write_mutex_);
    if (!db_) return absl::FailedPreconditionError("the store is closed");
    internal::StoreWriter writer(db_.get(), &handles_, counters_);
    ASSIGN_OR_RETURN(ApplyResult result, writer.Stage(mutation));
    rocksdb::WriteOptions write_options;
    write_options.sync = options_.sync_writes;
    // Cached reads this write makes stale go before it commits (see
    // storage/internal/read_cache.h).
    cache_.BeginWrite(writer.touched());
    const rocksdb::Status s =
        db_->Write(write_options, writer.batch().GetWriteBatch());
    cache_.EndWrite(db_->GetLatestSequenceNumber());
    if (!s.ok()) return ToStatus(s, "committing a write");
    counters_ = writer.counters();
    return result;
  }

  std::unique_ptr<GraphSnapshot> Snapshot() override {
    return std::make_unique<RocksDbSnapshot>(db_.get(), &handles_, &cache_);
  }

  StoreStats Stats() override {
    absl::MutexLock lock(&write_mutex_);
    return StoreStats{.nodes = counters_.nodes,
                      .edges = counters_.edges,
                      .last_change_sequence = counters_.next_sequence - 1};
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
    absl::MutexLock lock(&write_mutex_);
    if (!db_) return absl::OkStatus();
    cache_.Clear();
    absl::Status status = ToStatus(db_->FlushWAL(/*sync=*/true), "closing");
    for (rocksdb::ColumnFamilyHandle* handle : handles_.all()) {
      if (handle != db_->DefaultColumnFamily()) {
        db_->DestroyColumnFamilyHandle(handle);
      }
    }
    handles_.clear();
    if (absl::Status s = ToStatus(db_->Close(), "closing"); !s.ok()) status = s;
    db_.reset();
    return status;
  }

 private:
  absl::Mutex write_mutex_;
  std::unique_ptr<rocksdb::DB> db_;
  internal::Handles handles_;
  internal::Counters counters_ ABSL_GUARDED_BY(write_mutex_);
  const StoreOptions options_;
  internal::ReadCache cache_;
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

}  // namespace

absl::StatusOr<std::unique_ptr<GraphStore>> OpenGraphStore(
    const std::string& path, const StoreOptions& store_options) {
  rocksdb::DBOptions options;
  options.create_if_missing = store_options.create_if_missing;
  options.create_missing_column_families = true;
  // Sized for a small machine: two background jobs, a bounded WAL.
  options.max_background_jobs = 2;
  options.max_total_wal_size = 256 << 20;
  options.keep_log_file_num = 5;
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
  return std::make_unique<RocksDbGraphStore>(std::move(db), std::move(handles),
                                             *counters, store_options);
}

}  // namespace remarkgraph::storage
