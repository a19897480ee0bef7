// Fuzz target for the page-token decoders: DecodePageToken (dossiers,
// search) directly, and the listing tokens through ListNodes and ListEdges
// over a small real store. Input: a selector byte, then `kind`, NUL,
// `scope`, NUL, and the token; with the selector's low bit set the token is
// base64-encoded first, so the fuzzer reaches the parsers behind the base64
// layer. A token either decodes to a position that re-encodes to a token
// decoding to the same position, or is INVALID_ARGUMENT; no token is ever
// accepted for another kind or scope.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "absl/strings/escaping.h"
#include "query/internal/page_token.h"
#include "query/listing.h"
#include "storage/graph_store.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_store.h"

namespace {

using remarkgraph::query::internal::DecodePageToken;
using remarkgraph::query::internal::EncodePageToken;
namespace storage = remarkgraph::storage;
namespace query = remarkgraph::query;

using remarkgraph::fuzz::Check;

std::string_view NextField(std::string_view& rest) {
  const size_t end = rest.find('\0');
  const std::string_view field = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  return field;
}

// A store with a meeting, two remarks and their edges.
storage::GraphStore& Store() {
  return remarkgraph::fuzz::FuzzStore("rg-fuzz-token", [](storage::GraphStore& store) {
    storage::Mutation mutation;
    auto node = [&](storage::NodeKind kind, const std::string& name) {
      storage::NodeRecord record;
      record.set_kind(static_cast<uint32_t>(kind));
      record.set_name(name);
      record.set_title(name);
      mutation.UpsertNode(record);
    };
    node(storage::NodeKind::kMeeting, "meetings/m1");
    node(storage::NodeKind::kPerson, "people/p1");
    for (const char* remark : {"meetings/m1/remarks/1", "meetings/m1/remarks/2"}) {
      node(storage::NodeKind::kRemark, remark);
      mutation.UpsertEdge(remark, storage::EdgeKind::kInMeeting, "meetings/m1", {});
      mutation.UpsertEdge(remark, storage::EdgeKind::kSpokenBy, "people/p1", {});
    }
    Check(store.Apply(mutation).ok(), "the sample graph is stored");
  });
}

void CheckTokenError(const absl::Status& status) {
  Check(status.ok() || status.code() == absl::StatusCode::kInvalidArgument,
        "a bad listing token is INVALID_ARGUMENT");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t selector = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string kind(NextField(rest));
  const std::string scope(NextField(rest));
  const std::string token =
      (selector & 1) ? absl::WebSafeBase64Escape(absl::string_view(rest.data(), rest.size()))
                     : std::string(rest);

  auto position = DecodePageToken(token, kind, scope);
  if (position.ok()) {
    const std::string again = EncodePageToken(kind, scope, *position);
    auto decoded = DecodePageToken(again, kind, scope);
    Check(decoded.ok() && *decoded == *position, "a decoded position round-trips");
    Check(!DecodePageToken(token, kind + "x", scope).ok(),
          "a token is refused for another kind");
  } else {
    Check(position.status().code() == absl::StatusCode::kInvalidArgument,
          "a bad token is INVALID_ARGUMENT");
  }
  // Tokens the encoder makes always decode.
  const uint64_t any_position = selector * 0x9E3779B97F4A7C15ULL;
  auto round = DecodePageToken(EncodePageToken(kind, scope, any_position), kind, scope);
  Check(round.ok() && *round == any_position, "an encoded position decodes");

  auto snapshot = Store().Snapshot();
  query::ListNodesSpec nodes;
  nodes.kind = (selector & 2) ? storage::NodeKind::kRemark : storage::NodeKind::kMeeting;
  if (selector & 4) nodes.meeting = "meetings/m1";
  if (selector & 8) nodes.person = "people/p1";
  nodes.page_size = 1;
  nodes.page_token = token;
  query::Budget budget;
  CheckTokenError(query::ListNodes(*snapshot, nodes, budget).status());

  query::ListEdgesSpec edges;
  edges.name = (selector & 16) ? "meetings/m1" : "meetings/m1/remarks/1";
  edges.direction = (selector & 32) ? query::Direction::kIncoming : query::Direction::kOutgoing;
  edges.page_size = 1;
  edges.page_token = token;
  CheckTokenError(query::ListEdges(*snapshot, edges).status());
  return 0;
}
