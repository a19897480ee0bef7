// A cache of decoded reads (node records, name ids, one node's edges of one
// kind, the posting list of one text bigram) shared by every snapshot of a store, that never lets a snapshot see
// anything but its own point in time.
//
// The rule: an entry holds the value as of the sequence it was filled at,
// and is valid for a snapshot at sequence S only if it was filled at or
// before S. Entries are filled only by a reader whose snapshot is the
// latest commit (so the value is current), and a write erases every entry
// it touches *before* it commits, with filling switched off from before the
// erasures until the commit is published. Hence an entry present at
// sequence F is the latest value up to any S >= F: a later write would have
// erased it. Old snapshots simply miss and read RocksDB.
//
// Thread safety: all methods may be called concurrently; BeginWrite and
// EndWrite by one writer at a time (the store's write lock).
#ifndef REMARKGRAPH_STORAGE_INTERNAL_READ_CACHE_H_
#define REMARKGRAPH_STORAGE_INTERNAL_READ_CACHE_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "storage/graph_store.h"

namespace remarkgraph::storage::internal {

// One node's edges of one kind in one direction (kind kUnspecified: of
// every kind), in storage order, with their serialized values.
struct EdgeList {
  std::vector<EdgeKind> kinds;
  std::vector<NodeId> neighbors;
  std::vector<std::string> values;
};

struct EdgeListKey {
  NodeId node = kNoNode;
  EdgeDirection direction = EdgeDirection::kOutgoing;
  EdgeKind kind = EdgeKind::kUnspecified;  // kUnspecified: every kind.
  bool operator==(const EdgeListKey& o) const {
    return node == o.node && direction == o.direction && kind == o.kind;
  }
  template <typename H>
  friend H AbslHashValue(H h, const EdgeListKey& k) {
    return H::combine(std::move(h), k.node, k.direction, k.kind);
  }
};

// The ids of the remarks holding one bigram (a `text` posting list),
// ascending; or, for a list too long to keep, only that fact.
struct Postings {
  bool complete = true;
  std::vector<NodeId> ids;
  // Where the bigram occurs in remark ids[i]: positions[offsets[i] ..
  // offsets[i + 1]). Empty (offsets too) when some posting of the list was
  // stored without positions.
  std::vector<uint32_t> offsets;
  std::vector<uint32_t> positions;
  bool has_positions() const { return !offsets.empty(); }
};

// What one write touched: every entry that may hold an older value.
struct Touched {
  std::vector<NodeId> nodes;
  std::vector<std::string> names;
  std::vector<EdgeListKey> lists;  // Each also erases the node's all-kinds list.
  std::vector<std::string> postings;  // Keys as internal::TextPrefix.
};

// A sharded map of Key -> shared value, each entry stamped with the
// sequence it was filled at, bounded by a byte budget (entries are
// evicted in no particular order when a shard is full: erasing is always
// safe).
template <typename Key, typename Value>
class SequencedMap {
 public:
  explicit SequencedMap(size_t budget_bytes)
      : shard_budget_(budget_bytes / kShards) {}

  std::shared_ptr<const Value> Get(const Key& key, uint64_t sequence) {
    Shard& shard = ShardOf(key);
    absl::MutexLock lock(&shard.mutex);
    auto it = shard.entries.find(key);
    if (it == shard.entries.end() || it->second.sequence > sequence) {
      return nullptr;
    }
    return it->second.value;
  }

  // Fills `key` if `sequence` is still `committed` (read under the shard's
  // lock, which every erasure also takes).
  void Fill(const Key& key, std::shared_ptr<const Value> value, size_t charge,
            uint64_t sequence, const std::atomic<uint64_t>& committed) {
    if (charge > shard_budget_ / 4) return;  // Too big to be worth it.
    Shard& shard = ShardOf(key);
    absl::MutexLock lock(&shard.mutex);
    if (committed.load(std::memory_order_acquire) != sequence) return;
    if (shard.bytes + charge > shard_budget_) Evict(shard, charge);
    auto [it, inserted] =
        shard.entries.try_emplace(key, Entry{sequence, std::move(value), charge});
    if (inserted) shard.bytes += charge;
  }

  void Erase(const Key& key) {
    Shard& shard = ShardOf(key);
    absl::MutexLock lock(&shard.mutex);
    auto it = shard.entries.find(key);
    if (it == shard.entries.end()) return;
    shard.bytes -= it->second.charge;
    shard.entries.erase(it);
  }

  void Clear() {
    for (Shard& shard : shards_) {
      absl::MutexLock lock(&shard.mutex);
      shard.entries.clear();
      shard.bytes = 0;
    }
  }

 private:
  static constexpr size_t kShards = 16;
  struct Entry {
    uint64_t sequence;
    std::shared_ptr<const Value> value;
    size_t charge;
  };
  struct Shard {
    absl::Mutex mutex;
    absl::flat_hash_map<Key, Entry> entries ABSL_GUARDED_BY(mutex);
    size_t bytes ABSL_GUARDED_BY(mutex) = 0;
  };

  Shard& ShardOf(const Key& key) {
    return shards_[absl::Hash<Key>{}(key) % kShards];
  }
  // Frees a quarter of the shard and room for `charge`.
  static void Evict(Shard& shard, size_t charge)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard.mutex) {
    const size_t target = shard.bytes - shard.bytes / 4;
    for (auto it = shard.entries.begin();
         it != shard.entries.end() &&
         (shard.bytes > target || shard.bytes + charge > target);) {
      shard.bytes -= it->second.charge;
      shard.entries.erase(it++);
    }
  }

  const size_t shard_budget_;
  std::array<Shard, kShards> shards_;
};

class ReadCache {
 public:
  // `budget_bytes` is split between records, names, edge lists and
  // postings; 0 disables the cache.
  explicit ReadCache(size_t budget_bytes)
      : enabled_(budget_bytes > 0),
        nodes_(budget_bytes / 2),
        names_(budget_bytes / 8),
        lists_(budget_bytes / 4),
        postings_(budget_bytes / 8) {}

  bool enabled() const { return enabled_; }

  // Sets the sequence readers may fill at: the latest commit. Called once
  // the store is open.
  void Open(uint64_t committed) { committed_.store(committed); }

  // Before a write commits: stops filling, then erases what it touches.
  void BeginWrite(const Touched& touched);
  // After it committed at `sequence` (or failed: pass the unchanged
  // sequence): filling resumes at that sequence.
  void EndWrite(uint64_t sequence) {
    committed_.store(sequence, std::memory_order_release);
  }
  void Clear();

  std::shared_ptr<const NodeRecord> GetNode(NodeId id, uint64_t sequence) {
    return enabled_ ? nodes_.Get(id, sequence) : nullptr;
  }
  void FillNode(NodeId id, std::shared_ptr<const NodeRecord> record,
                uint64_t sequence);

  std::optional<NodeId> GetName(const std::string& name, uint64_t sequence) {
    if (!enabled_) return std::nullopt;
    std::shared_ptr<const NodeId> id = names_.Get(name, sequence);
    if (id == nullptr) return std::nullopt;
    return *id;
  }
  void FillName(const std::string& name, NodeId id, uint64_t sequence);

  std::shared_ptr<const EdgeList> GetList(const EdgeListKey& key,
                                          uint64_t sequence) {
    return enabled_ ? lists_.Get(key, sequence) : nullptr;
  }
  void FillList(const EdgeListKey& key, std::shared_ptr<const EdgeList> list,
                uint64_t sequence);

  std::shared_ptr<const Postings> GetPostings(const std::string& prefix,
                                              uint64_t sequence) {
    return enabled_ ? postings_.Get(prefix, sequence) : nullptr;
  }
  void FillPostings(const std::string& prefix,
                    std::shared_ptr<const Postings> postings,
                    uint64_t sequence);

 private:
  static constexpr uint64_t kWriting = UINT64_MAX;

  const bool enabled_;
  std::atomic<uint64_t> committed_{kWriting};
  SequencedMap<NodeId, NodeRecord> nodes_;
  SequencedMap<std::string, NodeId> names_;
  SequencedMap<EdgeListKey, EdgeList> lists_;
  SequencedMap<std::string, Postings> postings_;
};

}  // namespace remarkgraph::storage::internal

#endif  // REMARKGRAPH_STORAGE_INTERNAL_READ_CACHE_H_
