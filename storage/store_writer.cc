#include "storage/internal/store_writer.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "absl/strings/cord.h"
#include "common/strings.h"
#include "absl/time/clock.h"
#include "common/error_details.h"
#include "common/status_macros.h"
#include "storage/internal/key_codec.h"
#include "storage/internal/text_index.h"

namespace remarkgraph::storage::internal {
namespace {

// Key bytes packed with the family into a deferred write's sort words.
constexpr size_t kDeferredPrefixBytes = 15;

absl::Status CheckUtf8(std::string_view value, std::string_view what) {
  if (IsValidUtf8(value)) return absl::OkStatus();
  return absl::InvalidArgumentError(StrCat(what, " is not valid UTF-8"));
}

// Every string of a record must be UTF-8: proto3 strings are, and readers
// in other languages reject anything else.
absl::Status ValidateRecordText(const NodeRecord& record) {
  RETURN_IF_ERROR(CheckUtf8(record.title(), "title"));
  for (const auto& [key, value] : record.properties()) {
    RETURN_IF_ERROR(CheckUtf8(key, "a property key"));
    RETURN_IF_ERROR(CheckUtf8(value, StrCat("property '", key, "'")));
  }
  for (const std::string* field :
       {&record.date(), &record.start_time(), &record.end_time(),
        &record.place(), &record.source_format(), &record.source_digest(),
        &record.speaker_label(), &record.text(), &record.reading()}) {
    RETURN_IF_ERROR(CheckUtf8(*field, "a text field"));
  }
  for (const std::string& title : record.titles()) {
    RETURN_IF_ERROR(CheckUtf8(title, "a title"));
  }
  return absl::OkStatus();
}

absl::Status ValidateEdgeText(const EdgeRecord& record) {
  for (const auto& [key, value] : record.properties()) {
    RETURN_IF_ERROR(CheckUtf8(key, "a property key"));
    RETURN_IF_ERROR(CheckUtf8(value, StrCat("property '", key, "'")));
  }
  for (const EvidenceRecord& evidence : record.evidence()) {
    for (const std::string* field : {&evidence.source(), &evidence.quote(),
                                     &evidence.rule(), &evidence.section()}) {
      RETURN_IF_ERROR(CheckUtf8(*field, "an evidence field"));
    }
  }
  return absl::OkStatus();
}

std::string DescribeEdge(const Mutation::Op& op) {
  return StrCat("edge '", op.name, "' -", EdgeKindName(op.edge_kind),
                      "-> '", op.target, "'");
}

}  // namespace

StoreWriter::StoreWriter(rocksdb::DB* db, const Handles* handles,
                         Counters counters, PostingTable* postings, size_t reserved_bytes)
    : db_(db),
      handles_(handles),
      postings_(postings),
      counters_(counters),
      first_new_id_(counters.next_id),
      db_options_(db->GetDBOptions()),
      batch_(rocksdb::BytewiseComparator(), reserved_bytes, /*overwrite_key=*/true),
      commit_micros_(absl::ToUnixMicros(absl::Now())) {}

size_t StoreWriter::EstimateBatchBytes(const Mutation& mutation, bool with_postings) {
  size_t bytes = 0;
  for (const Mutation::Op& op : mutation.ops()) {
    // Keys and record headers, the names in the change log and the name
    // and kind index.
    bytes += 96 + 3 * (op.name.size() + op.target.size());
    if (op.type == Mutation::Op::Type::kUpsertNode) {
      bytes += mutation.node_bytes(op).size();
      // A posting per code point at most: key, positions, header.
      if (with_postings) bytes += 32 * CodePointCount(mutation.node(op).text());
    } else if (op.type == Mutation::Op::Type::kUpsertEdge) {
      bytes += 2 * mutation.edge_bytes(op).size();  // Stored under both ends.
    }
  }
  return bytes;
}

absl::StatusOr<ApplyResult> StoreWriter::Stage(const Mutation& mutation) {
  return StageAll(mutation, nullptr);
}

absl::StatusOr<ApplyResult> StoreWriter::StageReleasing(Mutation& mutation) {
  return StageAll(mutation, &mutation);
}

absl::StatusOr<ApplyResult> StoreWriter::StageAll(const Mutation& mutation,
                                                  Mutation* releasing) {
  ApplyResult result;
  if (postings_ != nullptr) {
    // A text has at most one distinct bigram per code point.
    size_t code_points = 0;
    for (const Mutation::Op& op : mutation.ops()) {
      if (op.type == Mutation::Op::Type::kUpsertNode) {
        code_points += CodePointCount(mutation.node(op).text());
      }
    }
    postings_->Reserve(code_points);
  }
  // Past the last node deletion nothing scans the incoming edges staged.
  size_t scans_end = 0;
  for (size_t i = 0; i < mutation.ops().size(); ++i) {
    if (mutation.ops()[i].type == Mutation::Op::Type::kDeleteNode) scans_end = i + 1;
  }
  for (size_t i = 0; i < mutation.ops().size(); ++i) {
    const Mutation::Op& op = mutation.ops()[i];
    scans_ahead_ = i < scans_end;
    absl::Status status;
    switch (op.type) {
      case Mutation::Op::Type::kUpsertNode:
        status = UpsertNode(op, mutation.node(op), &result);
        break;
      case Mutation::Op::Type::kUpsertEdge:
        status = UpsertEdge(op, mutation.edge(op), &result);
        break;
      case Mutation::Op::Type::kDeleteEdge:
        status = DeleteEdge(op, &result);
        break;
      case Mutation::Op::Type::kDeleteNode:
        status = DeleteNode(op, &result);
        break;
    }
    if (!status.ok()) {
      status.SetPayload(Sv(kOperationIndexPayload), absl::Cord(StrCat(i)));
      return status;
    }
    if (releasing != nullptr) releasing->Release(i);
  }
  RETURN_IF_ERROR(WriteCounters());
  RETURN_IF_ERROR(AppendDeferred());
  RETURN_IF_ERROR(AppendBatchNames());
  return result;
}

absl::Status StoreWriter::UpsertNode(const Mutation::Op& op, const NodeRecord& node,
                                     ApplyResult* result) {
  ASSIGN_OR_RETURN(const ResourceName parsed, ParseResourceName(op.name, "name"));
  NodeRecord record = node;
  if (record.kind() == 0) record.set_kind(static_cast<uint32_t>(parsed.kind));
  if (record.kind() != static_cast<uint32_t>(parsed.kind)) {
    return absl::InvalidArgumentError(StrCat(
        "kind ", NodeKindName(static_cast<NodeKind>(record.kind())),
        " does not match resource name '", op.name, "' (a ",
        NodeKindName(parsed.kind), ")"));
  }
  RETURN_IF_ERROR(ValidateRecordText(record));

  ASSIGN_OR_RETURN(const std::optional<NodeId> existing, ResolveName(op.name));
  NodeId id;
  if (existing) {
    id = *existing;
    ASSIGN_OR_RETURN(const std::optional<std::string> old_value,
                     Read(ColumnFamily::kNodes, IdKey(id)));
    NodeRecord old_record;
    if (old_value && !old_record.ParseFromString(*old_value)) {
      return absl::DataLossError(StrCat("node '", op.name, "' does not parse"));
    }
    if (old_record.text() != record.text()) {
      RETURN_IF_ERROR(IndexText(id, old_record.text(), /*add=*/false));
      RETURN_IF_ERROR(IndexText(id, record.text(), /*add=*/true));
    }
    ++result->nodes_updated;
  } else {
    id = counters_.next_id++;
    RETURN_IF_ERROR(Put(ColumnFamily::kNames, op.name, IdKey(id)));
    resolved_.insert_or_assign(op.name, id);
    RETURN_IF_ERROR(
        Put(ColumnFamily::kIndex, KindIndexKey(parsed.kind, op.name), IdKey(id)));
    RETURN_IF_ERROR(IndexText(id, record.text(), /*add=*/true));
    ++counters_.nodes;
    ++result->nodes_created;
  }
  RETURN_IF_ERROR(
      Put(ColumnFamily::kNodes, IdKey(id), record.SerializeAsString()));
  touched_.nodes.push_back(id);
  touched_.names.push_back(op.name);
  upserted_.insert(id);
  result->upserted_ids.push_back(id);
  return Log(ChangeRecord::OP_UPSERT_NODE, op.name);
}

absl::Status StoreWriter::UpsertEdge(const Mutation::Op& op, const EdgeRecord& edge,
                                     ApplyResult* result) {
  ASSIGN_OR_RETURN(const ResourceName source, ParseResourceName(op.name, "source"));
  ASSIGN_OR_RETURN(const ResourceName target, ParseResourceName(op.target, "target"));
  if (!EdgeFits(op.edge_kind, source.kind, target.kind)) {
    return absl::InvalidArgumentError(StrCat(
        DescribeEdge(op), ": a ", EdgeKindName(op.edge_kind), " edge joins ",
        EdgeSignature(op.edge_kind), ", not ", NodeKindName(source.kind),
        " -> ", NodeKindName(target.kind)));
  }
  RETURN_IF_ERROR(ValidateEdgeText(edge));
  ASSIGN_OR_RETURN(const NodeId source_id, ResolveEndpoint(op.name, "source"));
  ASSIGN_OR_RETURN(const NodeId target_id, ResolveEndpoint(op.target, "target"));
  NameNode(source_id, op.name);
  NameNode(target_id, op.target);
  const std::string out_key = EdgeKey(source_id, op.edge_kind, target_id);
  // An edge of a node this batch creates can only be in the batch.
  ASSIGN_OR_RETURN(const std::optional<std::string> existing,
                   source_id >= first_new_id_ || target_id >= first_new_id_
                       ? ReadBatch(ColumnFamily::kOut, out_key)
                       : Read(ColumnFamily::kOut, out_key));
  const std::string value = edge.SerializeAsString();
  RETURN_IF_ERROR(Put(ColumnFamily::kOut, out_key, value));
  RETURN_IF_ERROR(Put(ColumnFamily::kIn,
                      EdgeKey(target_id, op.edge_kind, source_id), value));
  touched_.lists.push_back({source_id, EdgeDirection::kOutgoing, op.edge_kind});
  touched_.lists.push_back({target_id, EdgeDirection::kIncoming, op.edge_kind});
  if (existing) {
    ++result->edges_updated;
  } else {
    ++result->edges_created;
    ++counters_.edges;
  }
  return Log(ChangeRecord::OP_UPSERT_EDGE, op.name, op.target, op.edge_kind);
}

absl::Status StoreWriter::DeleteEdge(const Mutation::Op& op,
                                     ApplyResult* result) {
  ASSIGN_OR_RETURN(const std::optional<NodeId> source, ResolveName(op.name));
  ASSIGN_OR_RETURN(const std::optional<NodeId> target, ResolveName(op.target));
  if (!source || !target) return absl::OkStatus();
  const std::string out_key = EdgeKey(*source, op.edge_kind, *target);
  ASSIGN_OR_RETURN(const std::optional<std::string> existing,
                   Read(ColumnFamily::kOut, out_key));
  if (!existing) return absl::OkStatus();
  NameNode(*source, op.name);
  NameNode(*target, op.target);
  RETURN_IF_ERROR(Delete(ColumnFamily::kOut, out_key));
  RETURN_IF_ERROR(
      Delete(ColumnFamily::kIn, EdgeKey(*target, op.edge_kind, *source)));
  touched_.lists.push_back({*source, EdgeDirection::kOutgoing, op.edge_kind});
  touched_.lists.push_back({*target, EdgeDirection::kIncoming, op.edge_kind});
  ++result->edges_deleted;
  --counters_.edges;
  return Log(ChangeRecord::OP_DELETE_EDGE, op.name, op.target, op.edge_kind);
}

absl::Status StoreWriter::DeleteNode(const Mutation::Op& op,
                                     ApplyResult* result) {
  ASSIGN_OR_RETURN(const ResourceName parsed, ParseResourceName(op.name, "name"));
  ASSIGN_OR_RETURN(const std::optional<NodeId> id, ResolveName(op.name));
  if (!id) {
    if (op.allow_missing) return absl::OkStatus();
    return NodeNotFoundError(op.name);
  }
  // Collect this node's edges (both copies) through the batch, then delete:
  // the batch's iterator must not see its own deletions mid-scan.
  struct Stored {
    EdgeKind kind;
    NodeId neighbor;
    bool outgoing;
  };
  std::vector<Stored> edges;
  const std::string prefix = NodePrefix(*id);
  for (const bool outgoing : {true, false}) {
    const ColumnFamily family = outgoing ? ColumnFamily::kOut : ColumnFamily::kIn;
    std::unique_ptr<rocksdb::Iterator> base(
        db_->NewIterator(rocksdb::ReadOptions(), handles_->at(family)));
    std::unique_ptr<rocksdb::Iterator> it(
        batch_.NewIteratorWithBase(handles_->at(family), base.release()));
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
         it->Next()) {
      const auto decoded = DecodeEdgeKey(it->key().ToStringView());
      if (!decoded) return absl::DataLossError("malformed edge key");
      // A self-loop is found under both families; count it once.
      if (!outgoing && decoded->neighbor == *id) continue;
      edges.push_back({decoded->kind, decoded->neighbor, outgoing});
    }
    if (!it->status().ok()) return ToStatus(it->status(), "deleting a node");
  }
  NameNode(*id, op.name);
  for (const Stored& edge : edges) {
    if (edge.neighbor != *id && !named_.contains(edge.neighbor)) {
      ASSIGN_OR_RETURN(std::string neighbor, StoredName(edge.neighbor));
      NameNode(edge.neighbor, neighbor);
    }
    const NodeId source = edge.outgoing ? *id : edge.neighbor;
    const NodeId target = edge.outgoing ? edge.neighbor : *id;
    RETURN_IF_ERROR(Delete(ColumnFamily::kOut, EdgeKey(source, edge.kind, target)));
    RETURN_IF_ERROR(Delete(ColumnFamily::kIn, EdgeKey(target, edge.kind, source)));
    touched_.lists.push_back({source, EdgeDirection::kOutgoing, edge.kind});
    touched_.lists.push_back({target, EdgeDirection::kIncoming, edge.kind});
  }
  result->edges_deleted += static_cast<int64_t>(edges.size());
  counters_.edges -= static_cast<int64_t>(edges.size());

  ASSIGN_OR_RETURN(const std::optional<std::string> value,
                   Read(ColumnFamily::kNodes, IdKey(*id)));
  NodeRecord record;
  if (value && record.ParseFromString(*value)) {
    RETURN_IF_ERROR(IndexText(*id, record.text(), /*add=*/false));
  }
  RETURN_IF_ERROR(Delete(ColumnFamily::kNodes, IdKey(*id)));
  RETURN_IF_ERROR(Delete(ColumnFamily::kNames, op.name));
  resolved_.insert_or_assign(op.name, std::nullopt);
  touched_.nodes.push_back(*id);
  touched_.names.push_back(op.name);
  RETURN_IF_ERROR(Delete(ColumnFamily::kIndex, KindIndexKey(parsed.kind, op.name)));
  ++result->nodes_deleted;
  --counters_.nodes;
  return Log(ChangeRecord::OP_DELETE_NODE, op.name);
}

absl::StatusOr<std::optional<std::string>> StoreWriter::Read(
    ColumnFamily family, std::string_view key) {
  std::string value;
  const rocksdb::Status s = batch_.GetFromBatchAndDB(
      db_, rocksdb::ReadOptions(), handles_->at(family), key, &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) return ToStatus(s, "reading during a write");
  return value;
}

absl::StatusOr<std::optional<std::string>> StoreWriter::ReadBatch(
    ColumnFamily family, std::string_view key) {
  std::string value;
  const rocksdb::Status s =
      batch_.GetFromBatch(handles_->at(family), db_options_, key, &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) return ToStatus(s, "reading during a write");
  return value;
}

absl::StatusOr<std::optional<NodeId>> StoreWriter::ResolveName(
    std::string_view name) {
  const absl::string_view key(name.data(), name.size());
  if (const auto known = resolved_.find(key); known != resolved_.end()) {
    return known->second;
  }
  ASSIGN_OR_RETURN(const std::optional<std::string> value,
                   Read(ColumnFamily::kNames, name));
  std::optional<NodeId> id;
  if (value) id = ReadU64(*value);
  resolved_.emplace(key, id);
  return id;
}

absl::StatusOr<NodeId> StoreWriter::ResolveEndpoint(std::string_view name,
                                                    std::string_view role) {
  ASSIGN_OR_RETURN(const std::optional<NodeId> id, ResolveName(name));
  if (!id) {
    return absl::FailedPreconditionError(
        StrCat("edge ", role, " '", name, "' does not exist"));
  }
  return *id;
}

bool StoreWriter::Unread(ColumnFamily family) const {
  return family == ColumnFamily::kNames || family == ColumnFamily::kIndex ||
         (family == ColumnFamily::kIn && !scans_ahead_);
}

absl::Status StoreWriter::Put(ColumnFamily family, std::string_view key,
                              std::string_view value) {
  if (Unread(family)) {
    Defer(family, key, value, /*erase=*/false);
    return absl::OkStatus();
  }
  return ToStatus(batch_.Put(handles_->at(family), key, value), "staging");
}

absl::Status StoreWriter::Delete(ColumnFamily family, std::string_view key) {
  if (Unread(family)) {
    Defer(family, key, "", /*erase=*/true);
    return absl::OkStatus();
  }
  return ToStatus(batch_.Delete(handles_->at(family), key), "staging");
}

absl::Status StoreWriter::IndexText(NodeId id, std::string_view text, bool add) {
  if (text.empty()) return absl::OkStatus();
  // Each posting holds the bigram's positions, so that a search confirms a
  // phrase from the index without reading the remark.
  for (const BigramPositions& entry :
       BigramsWithPositions(NormalizeForSearch(text))) {
    const std::string& bigram = entry.bigram;
    if (bigram.size() > 255) continue;  // Cannot happen for two code points.
    if (postings_ != nullptr && postings_->Accepts(id)) {
      if (add) {
        postings_->Add(id, bigram, EncodePositions(entry.positions));
      } else {
        postings_->Remove(id, bigram);
      }
    } else {
      Defer(ColumnFamily::kText, TextKey(bigram, id),
            add ? EncodePositions(entry.positions) : "", !add);
    }
    std::string prefix = TextPrefix(bigram);
    if (!posting_prefixes_.contains(prefix)) posting_prefixes_.insert(std::move(prefix));
  }
  return absl::OkStatus();
}

absl::Status StoreWriter::Log(ChangeRecord::Op op, std::string_view name,
                              std::string_view target, EdgeKind kind) {
  ChangeRecord change;
  change.set_op(op);
  change.set_name(std::string(name));
  change.set_target(std::string(target));
  change.set_edge_kind(static_cast<uint32_t>(kind));
  change.set_commit_micros(commit_micros_);
  Defer(ColumnFamily::kLog, IdKey(counters_.next_sequence++), change.SerializeAsString(),
        false);
  return absl::OkStatus();
}

void StoreWriter::Defer(ColumnFamily family, std::string_view key, std::string_view value,
                        bool erase) {
  constexpr size_t kChunkBytes = 1 << 20;
  const size_t size = key.size() + value.size();
  if (deferred_bytes_.empty() ||
      deferred_bytes_.back().size() + size > deferred_bytes_.back().capacity()) {
    deferred_bytes_.emplace_back().reserve(std::max(kChunkBytes, size));
  }
  std::string& chunk = deferred_bytes_.back();
  const char* data = chunk.data() + chunk.size();
  chunk.append(key);
  chunk.append(value);
  // Family, then the key's first kDeferredPrefixBytes, zero-padded: two
  // big-endian words that compare as the bytes do. Equal words leave the
  // order to the whole keys (a shorter key padded with zeros ties with a
  // longer one that has zeros there).
  unsigned char packed[16] = {static_cast<unsigned char>(family)};
  std::memcpy(packed + 1, key.data(), std::min(key.size(), kDeferredPrefixBytes));
  uint64_t high = 0;
  uint64_t low = 0;
  for (int i = 0; i < 8; ++i) {
    high = (high << 8) | packed[i];
    low = (low << 8) | packed[8 + i];
  }
  deferred_.push_back({high, low, data, static_cast<uint32_t>(key.size()),
                       static_cast<uint32_t>(value.size()),
                       static_cast<uint32_t>(deferred_.size()),
                       static_cast<uint8_t>(family), erase});
}

void StoreWriter::NameNode(NodeId id, std::string_view name) {
  named_.try_emplace(id, name);
}

absl::StatusOr<std::string> StoreWriter::StoredName(NodeId id) {
  ASSIGN_OR_RETURN(const std::optional<std::string> value,
                   Read(ColumnFamily::kNodes, IdKey(id)));
  NodeRecord record;
  if (!value || !record.ParseFromString(*value)) {
    return absl::DataLossError(StrCat("node ", id, " has an edge but no record"));
  }
  return std::move(*record.mutable_name());
}

absl::Status StoreWriter::AppendBatchNames() {
  BatchNames names;
  for (const auto& [id, name] : named_) {
    if (upserted_.contains(id)) continue;
    names.add_ids(id);
    names.add_names(name);
  }
  if (names.ids().empty()) return absl::OkStatus();
  return ToStatus(batch_.GetWriteBatch()->PutLogData(names.SerializeAsString()),
                  "staging");
}

absl::Status StoreWriter::AppendDeferred() {
  // Nothing reads these keys back while a mutation is staged, so they skip
  // the batch's index (a skip-list insert per key, ~30 text postings per
  // remark) and go straight into the batch, in their original order, after
  // every indexed operation.
  rocksdb::WriteBatch* batch = batch_.GetWriteBatch();
  // In key order per family (a stable sort keeps a delete before the put
  // of the same key), each memtable insert lands next to the one before
  // it: RocksDB's skip list reuses the previous insert's position, where
  // the bigram postings of a remark, in text order, would jump across the
  // whole list every time. Sorted in place (a stable sort would take a
  // buffer of half the entries): the staging order breaks ties.
  // The packed family and key prefix decide unless both are equal; then the
  // keys (past the prefix) and the staging order do.
  std::sort(deferred_.begin(), deferred_.end(), [](const Deferred& a, const Deferred& b) {
    if (a.sort_high != b.sort_high) return a.sort_high < b.sort_high;
    if (a.sort_low != b.sort_low) return a.sort_low < b.sort_low;
    if (a.key_size > kDeferredPrefixBytes || b.key_size > kDeferredPrefixBytes ||
        a.key_size != b.key_size) {
      if (const int c = a.key().compare(b.key()); c != 0) return c < 0;
    }
    return a.order < b.order;
  });
  for (const Deferred& d : deferred_) {
    rocksdb::ColumnFamilyHandle* handle = handles_->at(static_cast<ColumnFamily>(d.family));
    const rocksdb::Slice key(d.key().data(), d.key().size());
    RETURN_IF_ERROR(ToStatus(
        d.erase ? batch->Delete(handle, key)
                : batch->Put(handle, key, rocksdb::Slice(d.value().data(), d.value().size())),
        "staging"));
  }
  deferred_ = {};
  deferred_bytes_ = {};
  touched_.postings.assign(posting_prefixes_.begin(), posting_prefixes_.end());
  posting_prefixes_ = {};
  return absl::OkStatus();
}

absl::Status StoreWriter::WriteCounters() {
  RETURN_IF_ERROR(Put(ColumnFamily::kMeta, kMetaNextId, IdKey(counters_.next_id)));
  RETURN_IF_ERROR(Put(ColumnFamily::kMeta, kMetaNextSequence,
                      IdKey(counters_.next_sequence)));
  RETURN_IF_ERROR(Put(ColumnFamily::kMeta, kMetaNodeCount,
                      IdKey(static_cast<uint64_t>(counters_.nodes))));
  return Put(ColumnFamily::kMeta, kMetaEdgeCount,
             IdKey(static_cast<uint64_t>(counters_.edges)));
}

}  // namespace remarkgraph::storage::internal
