#include "storage/internal/read_cache.h"

namespace remarkgraph::storage::internal {
namespace {

// Rough heap footprints, for the byte budget.
size_t Charge(const NodeRecord& record) {
  return sizeof(NodeRecord) + record.SpaceUsedLong();
}

size_t Charge(const EdgeList& list) {
  size_t bytes = sizeof(EdgeList) + list.kinds.capacity() * sizeof(EdgeKind) +
                 list.neighbors.capacity() * sizeof(NodeId) +
                 list.values.capacity() * sizeof(std::string);
  for (const std::string& value : list.values) {
    if (value.capacity() > 15) bytes += value.capacity() + 1;
  }
  return bytes;
}

}  // namespace

void ReadCache::BeginWrite(const Touched& touched) {
  if (!enabled_) return;
  // Filling stops first: a reader that read the old value can no longer
  // store it once the erasures below have passed its shard.
  committed_.store(kWriting, std::memory_order_release);
  for (NodeId id : touched.nodes) nodes_.Erase(id);
  for (const std::string& name : touched.names) names_.Erase(name);
  for (const EdgeListKey& key : touched.lists) {
    lists_.Erase(key);
    lists_.Erase({key.node, key.direction, EdgeKind::kUnspecified});
  }
  for (const std::string& prefix : touched.postings) postings_.Erase(prefix);
}

void ReadCache::Clear() {
  committed_.store(kWriting);
  nodes_.Clear();
  names_.Clear();
  lists_.Clear();
  postings_.Clear();
}

void ReadCache::FillNode(NodeId id, std::shared_ptr<const NodeRecord> record,
                         uint64_t sequence) {
  if (!enabled_) return;
  const size_t charge = Charge(*record);
  nodes_.Fill(id, std::move(record), charge, sequence, committed_);
}

void ReadCache::FillName(const std::string& name, NodeId id,
                         uint64_t sequence) {
  if (!enabled_) return;
  names_.Fill(name, std::make_shared<const NodeId>(id),
              sizeof(NodeId) + 64 + name.size(), sequence, committed_);
}

void ReadCache::FillList(const EdgeListKey& key,
                         std::shared_ptr<const EdgeList> list,
                         uint64_t sequence) {
  if (!enabled_) return;
  const size_t charge = Charge(*list);
  lists_.Fill(key, std::move(list), charge, sequence, committed_);
}

void ReadCache::FillPostings(const std::string& prefix,
                             std::shared_ptr<const Postings> postings,
                             uint64_t sequence) {
  if (!enabled_) return;
  const size_t charge = sizeof(Postings) + 64 + prefix.size() +
                        postings->ids.capacity() * sizeof(NodeId) +
                        (postings->offsets.capacity() +
                         postings->positions.capacity()) *
                            sizeof(uint32_t);
  postings_.Fill(prefix, std::move(postings), charge, sequence, committed_);
}

}  // namespace remarkgraph::storage::internal
