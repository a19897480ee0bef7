#include "service/write_servicer.h"

#include <set>
#include <string>
#include <tuple>

#include "absl/strings/numbers.h"
#include "common/error_details.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "service/convert.h"
#include "service/rpc_util.h"
#include "service/validate.h"

namespace remarkgraph::service {
namespace {

// Applies `mutation`; an error caused by one operation is prefixed with the
// request field of that operation (`edges[3]`).
absl::StatusOr<storage::ApplyResult> Apply(storage::GraphStore& store,
                                           const storage::Mutation& mutation,
                                           std::string_view repeated_field) {
  absl::StatusOr<storage::ApplyResult> result = store.Apply(mutation);
  if (result.ok()) return result;
  const absl::Status& status = result.status();
  const auto index =
      status.GetPayload(Sv(storage::kOperationIndexPayload));
  if (!index) return status;
  return InField(status, StrCat(repeated_field, "[", std::string(*index), "]"));
}

absl::Status CheckBatchSize(int size, int max, std::string_view field) {
  if (size == 0) return absl::InvalidArgumentError(StrCat(field, ": at least one is required"));
  if (size > max) {
    return absl::InvalidArgumentError(
        StrCat(field, ": ", size, " given; at most ", max, " per call"));
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status WriteServicer::UpsertNodes(grpc::ServerContext*,
                                        const v1::UpsertNodesRequest* request,
                                        v1::UpsertNodesResponse* response) {
  return Finish("UpsertNodes", [&]() -> absl::Status {
    RETURN_IF_ERROR(CheckBatchSize(request->nodes_size(), kMaxBatchNodes, "nodes"));
    std::set<std::string> names;
    storage::Mutation mutation;
    for (int i = 0; i < request->nodes_size(); ++i) {
      const v1::Node& node = request->nodes(i);
      RETURN_IF_ERROR(ValidateNode(node, StrCat("nodes[", i, "]")));
      if (!names.insert(node.name()).second) {
        return absl::InvalidArgumentError(
            StrCat("nodes[", i, "].name: '", node.name(), "' appears twice"));
      }
      mutation.UpsertNode(ToRecord(node));
    }
    ASSIGN_OR_RETURN(const storage::ApplyResult result, Apply(*store_, mutation, "nodes"));
    response->set_created(static_cast<int32_t>(result.nodes_created));
    response->set_updated(static_cast<int32_t>(result.nodes_updated));
    return absl::OkStatus();
  });
}

grpc::Status WriteServicer::UpsertEdges(grpc::ServerContext*,
                                        const v1::UpsertEdgesRequest* request,
                                        v1::UpsertEdgesResponse* response) {
  return Finish("UpsertEdges", [&]() -> absl::Status {
    RETURN_IF_ERROR(CheckBatchSize(request->edges_size(), kMaxBatchEdges, "edges"));
    std::set<std::tuple<std::string, int, std::string>> keys;
    storage::Mutation mutation;
    for (int i = 0; i < request->edges_size(); ++i) {
      const v1::Edge& edge = request->edges(i);
      RETURN_IF_ERROR(ValidateEdge(edge, StrCat("edges[", i, "]")));
      if (!keys.emplace(edge.source(), edge.kind(), edge.target()).second) {
        return absl::InvalidArgumentError(
            StrCat("edges[", i, "]: the same (source, kind, target) appears twice"));
      }
      mutation.UpsertEdge(edge.source(), static_cast<storage::EdgeKind>(edge.kind()),
                          edge.target(), ToRecord(edge));
    }
    ASSIGN_OR_RETURN(const storage::ApplyResult result, Apply(*store_, mutation, "edges"));
    response->set_created(static_cast<int32_t>(result.edges_created));
    response->set_updated(static_cast<int32_t>(result.edges_updated));
    return absl::OkStatus();
  });
}

grpc::Status WriteServicer::DeleteEdges(grpc::ServerContext*,
                                        const v1::DeleteEdgesRequest* request,
                                        v1::DeleteEdgesResponse* response) {
  return Finish("DeleteEdges", [&]() -> absl::Status {
    RETURN_IF_ERROR(CheckBatchSize(request->edges_size(), kMaxBatchEdges, "edges"));
    storage::Mutation mutation;
    for (int i = 0; i < request->edges_size(); ++i) {
      const v1::EdgeKey& key = request->edges(i);
      const std::string field = StrCat("edges[", i, "]");
      RETURN_IF_ERROR(ValidateName(key.source(), StrCat(field, ".source")));
      RETURN_IF_ERROR(ValidateName(key.target(), StrCat(field, ".target")));
      RETURN_IF_ERROR(ValidateEdgeKind(key.kind(), StrCat(field, ".kind")));
      mutation.DeleteEdge(key.source(), static_cast<storage::EdgeKind>(key.kind()),
                          key.target());
    }
    ASSIGN_OR_RETURN(const storage::ApplyResult result, Apply(*store_, mutation, "edges"));
    response->set_deleted(static_cast<int32_t>(result.edges_deleted));
    return absl::OkStatus();
  });
}

grpc::Status WriteServicer::DeleteNodes(grpc::ServerContext*,
                                        const v1::DeleteNodesRequest* request,
                                        v1::DeleteNodesResponse* response) {
  return Finish("DeleteNodes", [&]() -> absl::Status {
    RETURN_IF_ERROR(CheckBatchSize(request->names_size(), kMaxBatchNodes, "names"));
    storage::Mutation mutation;
    for (int i = 0; i < request->names_size(); ++i) {
      RETURN_IF_ERROR(ValidateName(request->names(i), StrCat("names[", i, "]")));
      mutation.DeleteNode(request->names(i), request->allow_missing());
    }
    ASSIGN_OR_RETURN(const storage::ApplyResult result, Apply(*store_, mutation, "names"));
    response->set_deleted_nodes(static_cast<int32_t>(result.nodes_deleted));
    response->set_deleted_edges(static_cast<int32_t>(result.edges_deleted));
    return absl::OkStatus();
  });
}

}  // namespace remarkgraph::service
