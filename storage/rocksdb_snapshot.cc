// The RocksDB GraphSnapshot: reads at one RocksDB snapshot, through the
// store's read cache (storage/internal/read_cache.h) where it may, and edge
// walks through the in-memory adjacency of the same sequence
// (storage/internal/adjacency.h) when it has one.
#include "storage/internal/rocksdb_snapshot.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status_macros.h"
#include "common/strings.h"
#include "rocksdb/db.h"
#include "storage/internal/key_codec.h"
#include "storage/internal/text_index.h"

namespace remarkgraph::storage::internal {
namespace {

class RocksDbSnapshot final : public GraphSnapshot {
 public:
  RocksDbSnapshot(rocksdb::DB* db, const internal::Handles* handles,
                  internal::ReadCache* cache, const rocksdb::Snapshot* snapshot,
                  std::shared_ptr<const AdjacencyVersion> adjacency)
      : db_(db),
        handles_(handles),
        cache_(cache),
        snapshot_(snapshot),
        sequence_(snapshot_->GetSequenceNumber()),
        adjacency_(std::move(adjacency)) {
    // Only the version of this very point in time may answer.
    if (adjacency_ != nullptr && adjacency_->sequence() != sequence_) adjacency_.reset();
    read_options_.snapshot = snapshot_;
  }
  ~RocksDbSnapshot() override {
    for (auto& it : edge_iterators_) it.reset();
    db_->ReleaseSnapshot(snapshot_);
  }

  uint64_t sequence() const override { return sequence_; }

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
    std::shared_ptr<const internal::EdgeList> list;
    if (start_after.has_value()) {
      list = cache_->GetList(key, sequence_);
    } else {
      // A scan from the start reads the whole list once, if it is small
      // enough to keep; later chunks (with a cursor) then come from memory.
      ASSIGN_OR_RETURN(list, WholeList(key));
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

  // The whole edge list of `key` (one kind, or all kinds when its kind is
  // kUnspecified) from the read cache, or read from RocksDB and cached;
  // nullptr when the cache is off or the list is longer than kMaxListEdges.
  absl::StatusOr<std::shared_ptr<const internal::EdgeList>> WholeList(
      const internal::EdgeListKey& key) {
    if (!cache_->enabled()) return nullptr;
    if (auto cached = cache_->GetList(key, sequence_)) return cached;
    auto built = std::make_shared<internal::EdgeList>();
    bool complete = true;
    ASSIGN_OR_RETURN(int64_t read,
                     ScanStored(key.node, key.direction,
                                key.kind == EdgeKind::kUnspecified
                                    ? std::nullopt
                                    : std::optional<EdgeKind>(key.kind),
                                std::nullopt,
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
    if (!complete) return nullptr;
    std::shared_ptr<const internal::EdgeList> list = std::move(built);
    cache_->FillList(key, list, sequence_);
    return list;
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

  bool has_adjacency() const override { return adjacency_ != nullptr; }

  absl::StatusOr<int64_t> ScanAdjacency(
      NodeId node, EdgeDirection direction, std::optional<EdgeKind> kind,
      std::optional<EdgeCursor> start_after,
      absl::FunctionRef<bool(const AdjacentEdge&)> visit) override {
    if (adjacency_ == nullptr) {
      return GraphSnapshot::ScanAdjacency(node, direction, kind, start_after, visit);
    }
    const PackedEdges edges = adjacency_->Edges(node, direction, kind);
    auto it = edges.begin();
    if (start_after.has_value()) {
      // Strictly after the cursor, in (kind, neighbor) order.
      const auto after = std::make_pair(static_cast<uint8_t>(start_after->kind),
                                        start_after->neighbor);
      it = std::partition_point(edges.begin(), edges.end(), [&](const PackedEdge& e) {
        return std::make_pair(e.kind, static_cast<NodeId>(e.neighbor)) <= after;
      });
    }
    int64_t visited = 0;
    for (; it != edges.end(); ++it) {
      ++visited;
      const AdjacentEdge edge{.neighbor = it->neighbor,
                              .kind = static_cast<EdgeKind>(it->kind),
                              .stance = static_cast<Stance>(it->stance)};
      if (!visit(edge)) break;
    }
    return visited;
  }

  absl::StatusOr<std::vector<std::optional<EdgeRecord>>> GetEdges(
      const std::vector<EdgeRef>& edges) override {
    std::vector<std::optional<EdgeRecord>> out(edges.size());
    // Most edges asked for lead out of a node with few edges of their kind:
    // that list is read whole into the read cache (as a scan would), so
    // that asking again costs a lookup. The others are read in one batch.
    std::vector<size_t> order;
    for (size_t i = 0; i < edges.size(); ++i) {
      const EdgeRef& edge = edges[i];
      ASSIGN_OR_RETURN(std::shared_ptr<const internal::EdgeList> list,
                       WholeList({edge.source, EdgeDirection::kOutgoing, edge.kind}));
      if (list == nullptr) {
        order.push_back(i);
        continue;
      }
      const auto at = std::lower_bound(list->neighbors.begin(), list->neighbors.end(),
                                       edge.target);
      if (at == list->neighbors.end() || *at != edge.target) continue;
      const std::string& value =
          list->values[static_cast<size_t>(at - list->neighbors.begin())];
      if (!out[i].emplace().ParseFromString(value)) {
        return absl::DataLossError("a stored edge does not parse");
      }
    }
    if (order.empty()) return out;
    std::vector<std::string> keys(edges.size());
    for (size_t i : order) {
      keys[i] = internal::EdgeKey(edges[i].source, edges[i].kind, edges[i].target);
    }
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return keys[a] < keys[b]; });
    std::vector<rocksdb::Slice> slices(order.size());
    for (size_t i = 0; i < order.size(); ++i) slices[i] = keys[order[i]];
    std::vector<rocksdb::PinnableSlice> values(order.size());
    std::vector<rocksdb::Status> statuses(order.size());
    db_->MultiGet(read_options_, handles_->at(ColumnFamily::kOut), slices.size(),
                  slices.data(), values.data(), statuses.data(), /*sorted_input=*/true);
    for (size_t i = 0; i < order.size(); ++i) {
      if (statuses[i].IsNotFound()) continue;
      if (!statuses[i].ok()) return ToStatus(statuses[i], "reading edges");
      EdgeRecord& record = out[order[i]].emplace();
      if (!record.ParseFromArray(values[i].data(), static_cast<int>(values[i].size()))) {
        return absl::DataLossError("a stored edge does not parse");
      }
    }
    return out;
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
    return ScanText(normalized_query, start_after, /*confirm=*/false,
                    [&](const TextMatch& match) { return visit(match.id); });
  }

  absl::Status ScanTextMatches(
      std::string_view normalized_query, NodeId start_after,
      absl::FunctionRef<bool(const TextMatch&)> visit) override {
    return ScanText(normalized_query, start_after, /*confirm=*/true, visit);
  }

 private:
  // Leapfrog intersection of the posting lists of the query's bigrams: every
  // cursor is moved to the largest id any cursor is on, until they agree. A
  // list short enough to keep comes from the read cache (read whole once); a
  // longer one is walked with a RocksDB iterator. With `confirm`, each
  // agreed id is checked against the positions in the postings: the phrase
  // must occur, its bigrams at consecutive positions.
  absl::Status ScanText(std::string_view normalized_query, NodeId start_after,
                        bool confirm,
                        absl::FunctionRef<bool(const TextMatch&)> visit) {
    const std::vector<std::string> bigrams =
        internal::DistinctBigrams(normalized_query);
    if (bigrams.empty()) {
      return absl::InvalidArgumentError(
          "query: must be at least 2 characters (not counting spaces)");
    }
    struct Cursor {
      std::string bigram, prefix, upper;
      rocksdb::Slice upper_slice;
      std::unique_ptr<rocksdb::Iterator> it;
      std::shared_ptr<const internal::Postings> postings;
      size_t next = 0;  // In `postings`: nothing before it is >= a target.
      std::vector<uint32_t> decoded;  // Positions read from `it`.
    };
    std::vector<Cursor> cursors(bigrams.size());
    for (size_t i = 0; i < bigrams.size(); ++i) {
      Cursor& c = cursors[i];
      c.bigram = bigrams[i];
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
    // The phrase's bigrams in query order, each with its cursor.
    const std::vector<internal::PhraseBigram> phrase =
        confirm ? internal::PhraseBigrams(normalized_query)
                : std::vector<internal::PhraseBigram>();
    std::vector<Cursor*> phrase_cursors;
    for (const internal::PhraseBigram& b : phrase) {
      for (Cursor& c : cursors) {
        if (c.bigram == b.bigram) phrase_cursors.push_back(&c);
      }
    }
    if (phrase_cursors.size() != phrase.size()) {
      return absl::InternalError("search: a phrase bigram without its list");
    }
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
    // The positions of the id a cursor is on; empty when not stored. An
    // iterator's value is decoded once per candidate (see below).
    auto positions = [](const Cursor& c) -> absl::Span<const uint32_t> {
      if (c.postings == nullptr) return c.decoded;
      if (!c.postings->has_positions()) return {};
      const uint32_t begin = c.postings->offsets[c.next];
      const uint32_t end = c.postings->offsets[c.next + 1];
      return absl::Span<const uint32_t>(c.postings->positions.data() + begin,
                                        end - begin);
    };
    std::vector<absl::Span<const uint32_t>> spans(phrase.size());
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
      TextMatch match{.id = candidate, .position = std::nullopt};
      if (!phrase.empty()) {
        for (Cursor& c : cursors) {
          if (c.postings == nullptr) {
            c.decoded = internal::DecodePositions(c.it->value().ToStringView());
          }
        }
        bool known = true;
        for (size_t i = 0; i < phrase.size(); ++i) {
          spans[i] = positions(*phrase_cursors[i]);
          if (spans[i].empty()) known = false;
        }
        if (known) {
          match.position = internal::FirstPhraseMatch(phrase, spans);
          if (!match.position.has_value()) {
            ++candidate;
            continue;  // The bigrams occur, the phrase does not.
          }
        }
      }
      if (!visit(match)) return absl::OkStatus();
      ++candidate;
    }
  }

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
    bool has_positions = true;
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      if (postings->ids.size() >= kMaxPostings) {
        *postings = internal::Postings();
        postings->complete = false;
        break;
      }
      postings->ids.push_back(
          internal::ReadU64(it->key().ToStringView().substr(prefix.size())));
      if (!has_positions) continue;
      const std::vector<uint32_t> positions =
          internal::DecodePositions(it->value().ToStringView());
      if (positions.empty()) {
        has_positions = false;
        continue;
      }
      postings->offsets.push_back(
          static_cast<uint32_t>(postings->positions.size()));
      postings->positions.insert(postings->positions.end(), positions.begin(),
                                 positions.end());
    }
    if (has_positions && !postings->ids.empty()) {
      postings->offsets.push_back(
          static_cast<uint32_t>(postings->positions.size()));
    } else {
      postings->offsets = {};
      postings->positions = {};
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
  // The in-memory adjacency at sequence_, or nullptr.
  std::shared_ptr<const AdjacencyVersion> adjacency_;
  rocksdb::ReadOptions read_options_;
  // Reused edge iterators, by EdgeDirection; released before the snapshot.
  std::unique_ptr<rocksdb::Iterator> edge_iterators_[2];
  bool edge_iterator_busy_[2] = {false, false};
};

}  // namespace

std::unique_ptr<GraphSnapshot> NewRocksDbSnapshot(
    rocksdb::DB* db, const Handles* handles, ReadCache* cache,
    const rocksdb::Snapshot* snapshot, std::shared_ptr<const AdjacencyVersion> adjacency) {
  return std::make_unique<RocksDbSnapshot>(db, handles, cache, snapshot, std::move(adjacency));
}

}  // namespace remarkgraph::storage::internal
