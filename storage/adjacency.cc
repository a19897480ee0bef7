#include "storage/internal/adjacency.h"

#include <algorithm>
#include <limits>
#include <string>
#include <utility>

#include "absl/time/clock.h"
#include "common/log.h"
#include "common/strings.h"
#include "rocksdb/write_batch.h"
#include "storage/internal/key_codec.h"
#include "storage/internal/rocksdb_util.h"

namespace remarkgraph::storage::internal {
namespace {

constexpr uint64_t kMaxDenseId = std::numeric_limits<uint32_t>::max();

// The overlay is folded into a new base once it holds more lists than
// this, or than a sixteenth of the base's nodes: each commit copies the
// overlay's map, each fold copies the base.
constexpr size_t kMinMergeLists = 4096;

// The stance of a serialized edge record as held in a PackedEdge.
absl::StatusOr<uint8_t> PackedStance(std::string_view value) {
  absl::StatusOr<Stance> stance = ReadEdgeStance(value);
  if (!stance.ok()) return absl::DataLossError(stance.status().message());
  if (static_cast<uint32_t>(*stance) > std::numeric_limits<uint8_t>::max()) {
    return absl::DataLossError(StrCat("stance ", static_cast<uint32_t>(*stance), " is out of range"));
  }
  return static_cast<uint8_t>(*stance);
}

bool Before(const PackedEdge& a, const PackedEdge& b) {
  return a.kind != b.kind ? a.kind < b.kind : a.neighbor < b.neighbor;
}

// One edge write of a batch, seen from the node it is stored under.
struct EdgeWrite {
  uint32_t neighbor;
  uint8_t kind;
  std::optional<uint8_t> stance;  // nullopt: deleted.
};

// Collects the `out` and `in` writes of a batch, in batch order. Anything
// it cannot follow sets `unsupported`.
class EdgeWrites : public rocksdb::WriteBatch::Handler {
 public:
  EdgeWrites(uint32_t out_family, uint32_t in_family)
      : families_{out_family, in_family} {}

  rocksdb::Status PutCF(uint32_t family, const rocksdb::Slice& key,
                        const rocksdb::Slice& value) override {
    if (std::optional<EdgeDirection> d = DirectionOf(family)) {
      absl::StatusOr<uint8_t> stance = PackedStance(value.ToStringView());
      if (!stance.ok()) {
        Fail(std::string(stance.status().message()));
      } else {
        Record(*d, key, *stance);
      }
    }
    return rocksdb::Status::OK();
  }
  rocksdb::Status DeleteCF(uint32_t family, const rocksdb::Slice& key) override {
    if (std::optional<EdgeDirection> d = DirectionOf(family)) {
      Record(*d, key, std::nullopt);
    }
    return rocksdb::Status::OK();
  }
  rocksdb::Status SingleDeleteCF(uint32_t family, const rocksdb::Slice& key) override {
    return DeleteCF(family, key);
  }
  rocksdb::Status DeleteRangeCF(uint32_t family, const rocksdb::Slice&,
                                const rocksdb::Slice&) override {
    if (DirectionOf(family)) Fail("a range deletion of edges");
    return rocksdb::Status::OK();
  }
  rocksdb::Status MergeCF(uint32_t family, const rocksdb::Slice&,
                          const rocksdb::Slice&) override {
    if (DirectionOf(family)) Fail("a merge into edges");
    return rocksdb::Status::OK();
  }
  rocksdb::Status PutBlobIndexCF(uint32_t family, const rocksdb::Slice&,
                                 const rocksdb::Slice&) override {
    if (DirectionOf(family)) Fail("an edge value in a blob file");
    return rocksdb::Status::OK();
  }
  void LogData(const rocksdb::Slice&) override {}

  const std::string& unsupported() const { return unsupported_; }
  // By direction: node -> its writes in batch order.
  absl::flat_hash_map<NodeId, std::vector<EdgeWrite>> writes[2];

 private:
  std::optional<EdgeDirection> DirectionOf(uint32_t family) const {
    if (family == families_[0]) return EdgeDirection::kOutgoing;
    if (family == families_[1]) return EdgeDirection::kIncoming;
    return std::nullopt;
  }
  void Fail(std::string why) {
    if (unsupported_.empty()) unsupported_ = std::move(why);
  }
  void Record(EdgeDirection direction, const rocksdb::Slice& key,
              std::optional<uint8_t> stance) {
    const std::optional<DecodedEdgeKey> edge = DecodeEdgeKey(key.ToStringView());
    if (!edge) return Fail("a malformed edge key");
    if (edge->node > kMaxDenseId || edge->neighbor > kMaxDenseId) {
      return Fail("a node id past 2^32");
    }
    writes[static_cast<size_t>(direction)][edge->node].push_back(
        {static_cast<uint32_t>(edge->neighbor), static_cast<uint8_t>(edge->kind),
         stance});
  }

  const uint32_t families_[2];
  std::string unsupported_;
};

// `current` with `writes` applied (the last write of an edge wins).
std::vector<PackedEdge> Apply(PackedEdges current, const std::vector<EdgeWrite>& writes) {
  // The final state of each written edge, ordered like the list.
  std::vector<EdgeWrite> last;
  last.reserve(writes.size());
  for (auto it = writes.rbegin(); it != writes.rend(); ++it) last.push_back(*it);
  std::stable_sort(last.begin(), last.end(), [](const EdgeWrite& a, const EdgeWrite& b) {
    return a.kind != b.kind ? a.kind < b.kind : a.neighbor < b.neighbor;
  });
  // Newest first within an edge (reversed above, stable sort): keep those.
  last.erase(std::unique(last.begin(), last.end(),
                         [](const EdgeWrite& a, const EdgeWrite& b) {
                           return a.kind == b.kind && a.neighbor == b.neighbor;
                         }),
             last.end());
  std::vector<PackedEdge> out;
  out.reserve(current.size() + last.size());
  size_t i = 0;
  for (const EdgeWrite& w : last) {
    const PackedEdge key{w.neighbor, w.kind, 0};
    while (i < current.size() && Before(current[i], key)) out.push_back(current[i++]);
    if (i < current.size() && current[i].kind == w.kind && current[i].neighbor == w.neighbor) {
      ++i;  // Replaced or deleted.
    }
    if (w.stance.has_value()) out.push_back({w.neighbor, w.kind, *w.stance});
  }
  out.insert(out.end(), current.begin() + static_cast<std::ptrdiff_t>(i), current.end());
  return out;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const AdjacencyBase>> AdjacencyBase::Build(
    rocksdb::Iterator& out_edges, uint64_t next_id, int64_t edge_hint) {
  if (next_id > kMaxDenseId) {
    return absl::OutOfRangeError(StrCat("node ids reach ", next_id, ", past 2^32"));
  }
  auto base = std::make_shared<AdjacencyBase>();
  Csr& out = base->csr_[0];
  out.offsets.assign(next_id + 1, 0);
  out.edges.reserve(static_cast<size_t>(std::max<int64_t>(edge_hint, 0)));
  // `out` keys come ordered by (source, kind, target): the CSR's order.
  for (out_edges.SeekToFirst(); out_edges.Valid(); out_edges.Next()) {
    const std::optional<DecodedEdgeKey> edge = DecodeEdgeKey(out_edges.key().ToStringView());
    if (!edge) return absl::DataLossError("a malformed edge key");
    if (edge->node >= next_id || edge->neighbor >= next_id) {
      return absl::DataLossError(StrCat("an edge of node ", edge->node, " to ", edge->neighbor,
                                        " past the next id ", next_id));
    }
    absl::StatusOr<uint8_t> stance = PackedStance(out_edges.value().ToStringView());
    if (!stance.ok()) return stance.status();
    ++out.offsets[edge->node + 1];
    out.edges.push_back({static_cast<uint32_t>(edge->neighbor),
                         static_cast<uint8_t>(edge->kind), *stance});
  }
  if (!out_edges.status().ok()) return ToStatus(out_edges.status(), "reading the edges");
  out.edges.shrink_to_fit();
  for (size_t i = 1; i < out.offsets.size(); ++i) out.offsets[i] += out.offsets[i - 1];

  // The incoming copies: counted, placed in source order, then each
  // node's list ordered by (kind, source).
  Csr& in = base->csr_[1];
  in.offsets.assign(next_id + 1, 0);
  for (const PackedEdge& e : out.edges) ++in.offsets[e.neighbor + 1];
  for (size_t i = 1; i < in.offsets.size(); ++i) in.offsets[i] += in.offsets[i - 1];
  in.edges.resize(out.edges.size());
  std::vector<uint64_t> next(in.offsets.begin(), in.offsets.end() - 1);
  for (uint64_t source = 0; source + 1 < out.offsets.size(); ++source) {
    for (uint64_t i = out.offsets[source]; i < out.offsets[source + 1]; ++i) {
      const PackedEdge& e = out.edges[i];
      in.edges[next[e.neighbor]++] = {static_cast<uint32_t>(source), e.kind, e.stance};
    }
  }
  for (size_t node = 0; node + 1 < in.offsets.size(); ++node) {
    auto begin = in.edges.begin() + static_cast<std::ptrdiff_t>(in.offsets[node]);
    auto end = in.edges.begin() + static_cast<std::ptrdiff_t>(in.offsets[node + 1]);
    if (!std::is_sorted(begin, end, Before)) std::sort(begin, end, Before);
  }
  return std::shared_ptr<const AdjacencyBase>(std::move(base));
}

std::shared_ptr<const AdjacencyBase> AdjacencyBase::Merge(
    const AdjacencyOverlay& overlay) const {
  auto merged = std::make_shared<AdjacencyBase>();
  for (size_t d = 0; d < 2; ++d) {
    const Csr& old = csr_[d];
    const AdjacencyOverlay::Lists& lists = overlay.lists[d];
    uint64_t nodes = old.offsets.empty() ? 0 : old.offsets.size() - 1;
    int64_t size = static_cast<int64_t>(old.edges.size());
    for (const auto& [node, list] : lists) {
      nodes = std::max<uint64_t>(nodes, node + 1);
      size += static_cast<int64_t>(list->size()) -
              static_cast<int64_t>(Edges(node, static_cast<EdgeDirection>(d)).size());
    }
    Csr& csr = merged->csr_[d];
    csr.offsets.resize(nodes + 1);
    csr.edges.reserve(static_cast<size_t>(size));
    for (uint64_t node = 0; node < nodes; ++node) {
      csr.offsets[node] = csr.edges.size();
      auto it = lists.find(node);
      const PackedEdges edges = it != lists.end()
                                    ? PackedEdges(*it->second)
                                    : Edges(node, static_cast<EdgeDirection>(d));
      csr.edges.insert(csr.edges.end(), edges.begin(), edges.end());
    }
    csr.offsets[nodes] = csr.edges.size();
  }
  return merged;
}

PackedEdges AdjacencyBase::Edges(NodeId node, EdgeDirection direction) const {
  const Csr& csr = csr_[static_cast<size_t>(direction)];
  if (node + 1 >= csr.offsets.size()) return {};
  return PackedEdges(csr.edges.data() + csr.offsets[node],
                     csr.offsets[node + 1] - csr.offsets[node]);
}

size_t AdjacencyBase::bytes() const {
  size_t bytes = sizeof(AdjacencyBase);
  for (const Csr& csr : csr_) {
    bytes += csr.offsets.capacity() * sizeof(uint64_t) +
             csr.edges.capacity() * sizeof(PackedEdge);
  }
  return bytes;
}

PackedEdges AdjacencyVersion::Edges(NodeId node, EdgeDirection direction,
                                    std::optional<EdgeKind> kind) const {
  const AdjacencyOverlay::Lists& lists = overlay_->lists[static_cast<size_t>(direction)];
  auto it = lists.find(node);
  const PackedEdges all =
      it != lists.end() ? PackedEdges(*it->second) : base_->Edges(node, direction);
  if (!kind.has_value()) return all;
  const uint8_t k = static_cast<uint8_t>(*kind);
  auto begin = std::partition_point(all.begin(), all.end(),
                                    [k](const PackedEdge& e) { return e.kind < k; });
  auto end = std::partition_point(begin, all.end(),
                                  [k](const PackedEdge& e) { return e.kind <= k; });
  return PackedEdges(&*begin, static_cast<size_t>(end - begin));
}

absl::Status Adjacency::Build(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* out,
                              rocksdb::ColumnFamilyHandle* in, uint64_t sequence,
                              uint64_t next_id, int64_t edge_hint) {
  const absl::Time start = absl::Now();
  out_family_ = out->GetID();
  in_family_ = in->GetID();
  rocksdb::ReadOptions options;
  options.total_order_seek = true;  // `out` has a prefix extractor.
  options.fill_cache = false;       // One pass; keep the block cache for queries.
  options.readahead_size = 4 << 20;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(options, out));
  absl::StatusOr<std::shared_ptr<const AdjacencyBase>> base =
      AdjacencyBase::Build(*it, next_id, edge_hint);
  absl::MutexLock lock(&mutex_);
  if (!base.ok()) {
    TurnOff(std::string(base.status().message()));
    return base.status();
  }
  current_ = std::make_shared<AdjacencyVersion>(sequence, *std::move(base),
                                                std::make_shared<AdjacencyOverlay>());
  enabled_ = true;
  build_seconds_ = absl::ToDoubleSeconds(absl::Now() - start);
  return absl::OkStatus();
}

std::pair<const rocksdb::Snapshot*, std::shared_ptr<const AdjacencyVersion>>
Adjacency::Snapshot(rocksdb::DB* db) {
  // Taken under the lock that publishing takes too: the snapshot's
  // sequence is then the current version's or the pending one's.
  absl::ReaderMutexLock lock(&mutex_);
  const rocksdb::Snapshot* snapshot = db->GetSnapshot();
  const uint64_t sequence = snapshot->GetSequenceNumber();
  for (const auto& version : {current_, pending_}) {
    if (version != nullptr && version->sequence() == sequence) return {snapshot, version};
  }
  return {snapshot, nullptr};
}

std::shared_ptr<const AdjacencyVersion> Adjacency::Prepare(const rocksdb::WriteBatch& batch) {
  std::shared_ptr<const AdjacencyVersion> current;
  {
    absl::MutexLock lock(&mutex_);
    if (!enabled_) return nullptr;
    current = current_;
  }
  EdgeWrites writes(out_family_, in_family_);
  const rocksdb::Status s = batch.Iterate(&writes);
  if (!s.ok() || !writes.unsupported().empty()) {
    absl::MutexLock lock(&mutex_);
    TurnOff(s.ok() ? writes.unsupported() : s.ToString());
    return nullptr;
  }
  const uint64_t sequence = current->sequence() + batch.Count();
  if (writes.writes[0].empty() && writes.writes[1].empty()) {
    return std::make_shared<AdjacencyVersion>(sequence, current->base_, current->overlay_);
  }
  auto overlay = std::make_shared<AdjacencyOverlay>(*current->overlay_);
  for (size_t d = 0; d < 2; ++d) {
    for (const auto& [node, node_writes] : writes.writes[d]) {
      overlay->lists[d][node] = std::make_shared<const std::vector<PackedEdge>>(
          Apply(current->Edges(node, static_cast<EdgeDirection>(d)), node_writes));
    }
  }
  std::shared_ptr<const AdjacencyBase> base = current->base_;
  if (overlay->size() > std::max<size_t>(kMinMergeLists, base->node_slots() / 16)) {
    base = base->Merge(*overlay);
    overlay = std::make_shared<AdjacencyOverlay>();
    absl::MutexLock lock(&mutex_);
    ++merges_;
  }
  return std::make_shared<AdjacencyVersion>(sequence, std::move(base), std::move(overlay));
}

std::shared_ptr<const AdjacencyVersion> Adjacency::PrepareUnchanged(uint64_t sequences) {
  absl::MutexLock lock(&mutex_);
  if (!enabled_) return nullptr;
  return std::make_shared<AdjacencyVersion>(current_->sequence() + sequences, current_->base_,
                                            current_->overlay_);
}

void Adjacency::BeginCommit(std::shared_ptr<const AdjacencyVersion> next) {
  absl::MutexLock lock(&mutex_);
  if (enabled_) pending_ = std::move(next);
}

void Adjacency::EndCommit(bool ok, uint64_t committed) {
  absl::MutexLock lock(&mutex_);
  std::shared_ptr<const AdjacencyVersion> next = std::move(pending_);
  pending_ = nullptr;
  if (!enabled_ || !ok) return;
  if (next == nullptr || next->sequence() != committed) {
    TurnOff(StrCat("the commit reached sequence ", committed, ", not the expected ",
                   next == nullptr ? 0 : next->sequence()));
    return;
  }
  current_ = std::move(next);
}

void Adjacency::Clear() {
  absl::MutexLock lock(&mutex_);
  enabled_ = false;
  current_ = nullptr;
  pending_ = nullptr;
}

AdjacencyFigures Adjacency::Figures() {
  absl::MutexLock lock(&mutex_);
  AdjacencyFigures figures;
  figures.enabled = enabled_;
  figures.build_seconds = build_seconds_;
  figures.merges = merges_;
  if (current_ != nullptr) {
    figures.edges = current_->base_->edges();
    figures.base_bytes = current_->base_->bytes();
    figures.overlay_lists = current_->overlay_->size();
  }
  return figures;
}

void Adjacency::TurnOff(std::string_view why) {
  Log(LogSeverity::kWarning, StrCat("in-memory adjacency off, traversals read RocksDB: ", why));
  enabled_ = false;
  current_ = nullptr;
  pending_ = nullptr;
}

}  // namespace remarkgraph::storage::internal
