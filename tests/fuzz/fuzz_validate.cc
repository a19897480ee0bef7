// Fuzz target for the request validators of the API edge. Input: a
// selector byte, then either a serialized message (v1::Node, v1::Edge,
// v1::QueryBudget) or a raw string (a name, date, time, text). Every
// validator answers OK or INVALID_ARGUMENT; a node or edge that passes is
// one the store accepts (applied to a real store with the nodes it needs),
// so validation never lets through what storage would then refuse.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "remarkgraph/v1/resources.pb.h"
#include "service/convert.h"
#include "service/validate.h"
#include "storage/graph_store.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_store.h"

namespace {

namespace service = remarkgraph::service;
namespace storage = remarkgraph::storage;
namespace v1 = remarkgraph::v1;

using remarkgraph::fuzz::Check;

void CheckVerdict(const absl::Status& status, std::string_view field) {
  if (status.ok()) return;
  Check(status.code() == absl::StatusCode::kInvalidArgument,
        "a validation error is INVALID_ARGUMENT");
  Check(std::string(status.message()).find(field) != std::string::npos,
        "a validation error names the field");
}

storage::GraphStore& Store() {
  return remarkgraph::fuzz::FuzzStore("rg-fuzz-validate", [](storage::GraphStore&) {});
}

// Invalid UTF-8 in a string field makes the parse fail, as it should; the
// library's log line about it is noise here.
const bool kQuietProtobuf = [] {
  google::protobuf::SetLogHandler([](google::protobuf::LogLevel, const char*, int,
                                     const std::string&) {});
  return true;
}();

// A placeholder node for `name` (of whatever kind its pattern says).
void AddPlaceholder(storage::Mutation& mutation, const std::string& name) {
  auto parsed = storage::ParseResourceName(name, "name");
  Check(parsed.ok(), "a validated edge names valid nodes");
  storage::NodeRecord record;
  record.set_kind(static_cast<uint32_t>(parsed->kind));
  record.set_name(name);
  mutation.UpsertNode(record);
}

void FuzzNode(std::string_view bytes) {
  v1::Node node;
  if (!node.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return;
  const absl::Status status = service::ValidateNode(node, "nodes[0]");
  CheckVerdict(status, "nodes[0]");
  if (!status.ok()) return;
  storage::Mutation mutation;
  mutation.UpsertNode(service::ToRecord(node));
  auto applied = Store().Apply(mutation);
  if (!applied.ok()) std::fprintf(stderr, "refused: %s\n", applied.status().ToString().c_str());
  Check(applied.ok(), "the store accepts a validated node");
}

void FuzzEdge(std::string_view bytes) {
  v1::Edge edge;
  if (!edge.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return;
  const absl::Status status = service::ValidateEdge(edge, "edges[0]");
  CheckVerdict(status, "edges[0]");
  if (!status.ok()) return;
  storage::Mutation mutation;
  AddPlaceholder(mutation, edge.source());
  AddPlaceholder(mutation, edge.target());
  mutation.UpsertEdge(edge.source(), static_cast<storage::EdgeKind>(edge.kind()),
                      edge.target(), service::ToRecord(edge));
  auto applied = Store().Apply(mutation);
  if (!applied.ok()) std::fprintf(stderr, "refused: %s\n", applied.status().ToString().c_str());
  Check(applied.ok(), "the store accepts a validated edge between existing nodes");
}

void FuzzBudget(std::string_view bytes) {
  v1::QueryBudget budget;
  if (!budget.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return;
  CheckVerdict(service::ValidateBudget(budget, 16, "budget"), "budget");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 8) {
    case 0: FuzzNode(rest); break;
    case 1: FuzzEdge(rest); break;
    case 2: FuzzBudget(rest); break;
    case 3: CheckVerdict(service::ValidateName(rest, "name"), "name"); break;
    case 4: CheckVerdict(service::ValidateDate(rest, "date"), "date"); break;
    case 5: CheckVerdict(service::ValidateTime(rest, "time"), "time"); break;
    case 6:
      CheckVerdict(service::ValidateText(rest, 256, "query"), "query");
      break;
    default:
      CheckVerdict(service::ValidateOptionalName(rest, storage::NodeKind::kMeeting, "meeting"),
                   "meeting");
      break;
  }
  return 0;
}
