#include "storage/internal/change_decoder.h"

#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/strings.h"
#include "storage/internal/bulk_postings.h"
#include "storage/internal/key_codec.h"

namespace remarkgraph::storage::internal {
namespace {

// One record of a write batch.
struct BatchRecord {
  ColumnFamily family;
  bool erase;
  std::string_view key;
  std::string_view value;
  uint64_t sequence;
};

// Collects a batch's records with their sequence numbers, and the node
// names the batch carries. Every record but log data takes a sequence
// number, in order (RocksDB's default of one number per key).
class RecordCollector final : public rocksdb::WriteBatch::Handler {
 public:
  RecordCollector(const Handles& handles, uint64_t sequence) : next_(sequence) {
    for (size_t i = 0; i < handles.all().size(); ++i) {
      family_of_id_[handles.all()[i]->GetID()] = static_cast<ColumnFamily>(i);
    }
  }

  rocksdb::Status PutCF(uint32_t family, const rocksdb::Slice& key,
                        const rocksdb::Slice& value) override {
    return Add(family, /*erase=*/false, key, value);
  }
  rocksdb::Status DeleteCF(uint32_t family, const rocksdb::Slice& key) override {
    return Add(family, /*erase=*/true, key, rocksdb::Slice());
  }
  rocksdb::Status SingleDeleteCF(uint32_t family, const rocksdb::Slice& key) override {
    return Add(family, /*erase=*/true, key, rocksdb::Slice());
  }
  // The store writes neither: they only take their sequence numbers.
  rocksdb::Status DeleteRangeCF(uint32_t, const rocksdb::Slice&,
                                const rocksdb::Slice&) override {
    ++next_;
    return rocksdb::Status::OK();
  }
  rocksdb::Status MergeCF(uint32_t, const rocksdb::Slice&, const rocksdb::Slice&) override {
    ++next_;
    return rocksdb::Status::OK();
  }
  void LogData(const rocksdb::Slice& blob) override {
    if (IsBulkPostingsLogData(blob.ToStringView())) return;  // Not names.
    BatchNames names;
    if (!names.ParseFromArray(blob.data(), static_cast<int>(blob.size())) ||
        names.ids_size() != names.names_size()) {
      malformed_names_ = true;
      return;
    }
    for (int i = 0; i < names.ids_size(); ++i) names_.try_emplace(names.ids(i), names.names(i));
  }

  const std::vector<BatchRecord>& records() const { return records_; }
  absl::flat_hash_map<NodeId, std::string>& names() { return names_; }
  uint64_t next_sequence() const { return next_; }
  bool malformed_names() const { return malformed_names_; }

 private:
  rocksdb::Status Add(uint32_t family_id, bool erase, const rocksdb::Slice& key,
                      const rocksdb::Slice& value) {
    const uint64_t sequence = next_++;
    const auto family = family_of_id_.find(family_id);
    if (family == family_of_id_.end()) return rocksdb::Status::OK();
    records_.push_back({family->second, erase, key.ToStringView(), value.ToStringView(),
                        sequence});
    if (family->second == ColumnFamily::kNames && !erase && value.size() == kIdBytes) {
      names_.try_emplace(ReadU64(value.ToStringView()), key.ToString());
    }
    return rocksdb::Status::OK();
  }

  absl::flat_hash_map<uint32_t, ColumnFamily> family_of_id_;
  uint64_t next_;
  std::vector<BatchRecord> records_;
  absl::flat_hash_map<NodeId, std::string> names_;
  bool malformed_names_ = false;
};

}  // namespace

absl::StatusOr<ChangeBatch> DecodeChangeBatch(
    const Handles& handles, uint64_t sequence, const rocksdb::WriteBatch& batch,
    uint64_t from, absl::FunctionRef<std::optional<std::string>(NodeId)> stored_name) {
  RecordCollector collector(handles, sequence);
  const rocksdb::Status iterated = batch.Iterate(&collector);
  if (!iterated.ok()) {
    return absl::DataLossError(StrCat("the write at sequence ", sequence,
                                      " does not decode: ", iterated.ToString()));
  }
  if (collector.malformed_names()) {
    return absl::DataLossError(
        StrCat("the node names of the write at sequence ", sequence, " do not parse"));
  }
  auto& names = collector.names();
  // The records written by the batch name their nodes, also those before
  // `from`.
  std::vector<std::optional<NodeRecord>> nodes(collector.records().size());
  for (size_t i = 0; i < collector.records().size(); ++i) {
    const BatchRecord& record = collector.records()[i];
    if (record.family != ColumnFamily::kNodes || record.erase) continue;
    NodeRecord& node = nodes[i].emplace();
    if (record.key.size() != kIdBytes ||
        !node.ParseFromArray(record.value.data(), static_cast<int>(record.value.size()))) {
      return absl::DataLossError(
          StrCat("the node written at sequence ", record.sequence, " does not decode"));
    }
    names.try_emplace(ReadU64(record.key), node.name());
  }
  auto name_of = [&](NodeId id, uint64_t at) -> absl::StatusOr<std::string> {
    if (auto it = names.find(id); it != names.end()) return it->second;
    if (std::optional<std::string> name = stored_name(id)) {
      names.emplace(id, *name);
      return *std::move(name);
    }
    return absl::DataLossError(
        StrCat("the write at sequence ", at, " refers to node ", id, " without its name"));
  };

  ChangeBatch changes;
  changes.commit_sequence = sequence;
  changes.end_sequence = collector.next_sequence();
  for (size_t i = 0; i < collector.records().size(); ++i) {
    const BatchRecord& record = collector.records()[i];
    if (record.sequence < from) continue;
    if (record.family == ColumnFamily::kNodes) {
      ChangeEvent& event = changes.events.emplace_back();
      event.sequence = record.sequence;
      if (!record.erase) {
        event.node = *std::move(nodes[i]);
        continue;
      }
      event.op = ChangeEvent::Op::kDelete;
      if (record.key.size() != kIdBytes) {
        return absl::DataLossError(
            StrCat("the node deleted at sequence ", record.sequence, " has a malformed key"));
      }
      absl::StatusOr<std::string> name = name_of(ReadU64(record.key), record.sequence);
      if (!name.ok()) return name.status();
      absl::StatusOr<ResourceName> parsed = ParseResourceName(*name, "name");
      if (!parsed.ok()) {
        return absl::DataLossError(StrCat("the node deleted at sequence ", record.sequence,
                                          " has a malformed name"));
      }
      event.node.set_name(*std::move(name));
      event.node.set_kind(static_cast<uint32_t>(parsed->kind));
    } else if (record.family == ColumnFamily::kOut) {
      const std::optional<DecodedEdgeKey> key = DecodeEdgeKey(record.key);
      if (!key) {
        return absl::DataLossError(
            StrCat("the edge written at sequence ", record.sequence, " has a malformed key"));
      }
      ChangeEvent& event = changes.events.emplace_back();
      event.sequence = record.sequence;
      event.is_edge = true;
      event.op = record.erase ? ChangeEvent::Op::kDelete : ChangeEvent::Op::kUpsert;
      event.edge_kind = key->kind;
      absl::StatusOr<std::string> source = name_of(key->node, record.sequence);
      if (!source.ok()) return source.status();
      absl::StatusOr<std::string> target = name_of(key->neighbor, record.sequence);
      if (!target.ok()) return target.status();
      event.source = *std::move(source);
      event.target = *std::move(target);
      if (!record.erase &&
          !event.edge.ParseFromArray(record.value.data(), static_cast<int>(record.value.size()))) {
        return absl::DataLossError(
            StrCat("the edge written at sequence ", record.sequence, " does not decode"));
      }
    }
  }
  return changes;
}

}  // namespace remarkgraph::storage::internal
