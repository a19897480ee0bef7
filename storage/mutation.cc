#include "storage/graph_store.h"

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"

namespace remarkgraph::storage {

void Mutation::UpsertNode(NodeRecord record) {
  Op& op = ops_.emplace_back();
  op.type = Op::Type::kUpsertNode;
  op.name = record.name();
  op.record = static_cast<uint32_t>(nodes_.size());
  nodes_.push_back(record.SerializeAsString());
}

void Mutation::UpsertEdge(std::string source, EdgeKind kind,
                          std::string target, EdgeRecord record) {
  Op& op = ops_.emplace_back();
  op.type = Op::Type::kUpsertEdge;
  op.name = std::move(source);
  op.target = std::move(target);
  op.edge_kind = kind;
  op.record = static_cast<uint32_t>(edges_.size());
  edges_.push_back(record.SerializeAsString());
}

void Mutation::DeleteEdge(std::string source, EdgeKind kind,
                          std::string target) {
  Op& op = ops_.emplace_back();
  op.type = Op::Type::kDeleteEdge;
  op.name = std::move(source);
  op.target = std::move(target);
  op.edge_kind = kind;
}

void Mutation::DeleteNode(std::string name, bool allow_missing) {
  Op& op = ops_.emplace_back();
  op.type = Op::Type::kDeleteNode;
  op.name = std::move(name);
  op.allow_missing = allow_missing;
}

void Mutation::Append(Mutation&& other) {
  if (empty()) {
    *this = std::move(other);
    other = Mutation();
    return;
  }
  Reserve(other.ops_.size(), other.nodes_.size(), other.edges_.size());
  const uint32_t node_base = static_cast<uint32_t>(nodes_.size());
  const uint32_t edge_base = static_cast<uint32_t>(edges_.size());
  for (Op& op : other.ops_) {
    if (op.type == Op::Type::kUpsertNode) op.record += node_base;
    if (op.type == Op::Type::kUpsertEdge) op.record += edge_base;
    ops_.push_back(std::move(op));
  }
  for (std::string& n : other.nodes_) nodes_.push_back(std::move(n));
  for (std::string& e : other.edges_) edges_.push_back(std::move(e));
  other = Mutation();
}

void Mutation::Release(size_t index) {
  Op& op = ops_[index];
  std::string().swap(op.name);
  std::string().swap(op.target);
  if (op.type == Op::Type::kUpsertNode) std::string().swap(nodes_[op.record]);
  if (op.type == Op::Type::kUpsertEdge) std::string().swap(edges_[op.record]);
}

NodeRecord Mutation::node(const Op& op) const {
  NodeRecord record;
  // Serialized here from a record, it parses; else it reads as empty.
  if (!record.ParseFromString(nodes_[op.record])) record.Clear();
  return record;
}

EdgeRecord Mutation::edge(const Op& op) const {
  EdgeRecord record;
  if (!record.ParseFromString(edges_[op.record])) record.Clear();
  return record;
}

void Mutation::Reserve(size_t ops, size_t nodes, size_t edges) {
  ops_.reserve(ops_.size() + ops);
  nodes_.reserve(nodes_.size() + nodes);
  edges_.reserve(edges_.size() + edges);
}

absl::StatusOr<EdgeRecord> EdgeEntry::Decode() const {
  EdgeRecord record;
  if (!record.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return absl::DataLossError("stored edge value does not parse");
  }
  return record;
}

absl::StatusOr<Stance> ReadEdgeStance(std::string_view serialized_record) {
  google::protobuf::io::CodedInputStream in(
      reinterpret_cast<const uint8_t*>(serialized_record.data()),
      static_cast<int>(serialized_record.size()));
  using google::protobuf::internal::WireFormatLite;
  constexpr uint32_t kStanceTag = WireFormatLite::MakeTag(
      EdgeRecord::kStanceFieldNumber, WireFormatLite::WIRETYPE_VARINT);
  uint32_t stance = 0;
  while (uint32_t tag = in.ReadTag()) {
    if (tag == kStanceTag) {
      // The last occurrence wins, as when parsing.
      if (!in.ReadVarint32(&stance)) {
        return absl::InternalError("corrupt edge value");
      }
    } else if (!WireFormatLite::SkipField(&in, tag)) {
      return absl::InternalError("corrupt edge value");
    }
  }
  if (in.CurrentPosition() != static_cast<int>(serialized_record.size())) {
    return absl::InternalError("corrupt edge value");
  }
  return static_cast<Stance>(stance);
}

}  // namespace remarkgraph::storage
