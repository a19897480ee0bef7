#include "storage/graph_store.h"

namespace remarkgraph::storage {

void Mutation::UpsertNode(NodeRecord record) {
  Op& op = ops_.emplace_back();
  op.type = Op::Type::kUpsertNode;
  op.name = record.name();
  op.node = std::move(record);
}

void Mutation::UpsertEdge(std::string source, EdgeKind kind,
                          std::string target, EdgeRecord record) {
  Op& op = ops_.emplace_back();
  op.type = Op::Type::kUpsertEdge;
  op.name = std::move(source);
  op.target = std::move(target);
  op.edge_kind = kind;
  op.edge = std::move(record);
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

absl::StatusOr<EdgeRecord> EdgeEntry::Decode() const {
  EdgeRecord record;
  if (!record.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return absl::DataLossError("stored edge value does not parse");
  }
  return record;
}

}  // namespace remarkgraph::storage
