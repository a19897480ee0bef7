// The graph's schema: node and edge kinds, resource names, and which edge
// kinds may join which node kinds. Shared by every layer; no I/O here.
#ifndef REMARKGRAPH_STORAGE_SCHEMA_H_
#define REMARKGRAPH_STORAGE_SCHEMA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace remarkgraph::storage {

// Numbering matches remarkgraph.v1.NodeKind; stored on disk, never renumber.
enum class NodeKind : uint16_t {
  kUnspecified = 0,
  kBody = 1,
  kMeeting = 2,
  kItem = 3,
  kMatter = 4,
  kRemark = 5,
  kPerson = 6,
  kDocument = 7,
  kTopic = 8,
};
inline constexpr int kMaxNodeKind = 8;

// Numbering matches remarkgraph.v1.EdgeKind; stored on disk, never renumber.
enum class EdgeKind : uint16_t {
  kUnspecified = 0,
  kHeldBy = 1,
  kHasItem = 2,
  kAbout = 3,
  kAttended = 4,
  kInMeeting = 5,
  kSpokenBy = 6,
  kReferences = 7,
  kAdopts = 8,
  kCites = 9,
  kRepliesTo = 10,
  kRefersTo = 11,
  kAgreesWith = 12,
  kMentions = 13,
};
inline constexpr int kMaxEdgeKind = 13;

// Numbering matches remarkgraph.v1.Stance.
enum class Stance : uint8_t {
  kUnspecified = 0,
  kSupport = 1,
  kConcern = 2,
  kQuestion = 3,
  kOppose = 4,
};
inline constexpr int kMaxStance = 4;

// Evidence an edge keeps: at most this many entries, each quote at most this
// many bytes. Imports cap what they store and UpsertEdges refuses more, so
// that an exported graph always loads back.
inline constexpr int kMaxEvidencePerEdge = 64;
inline constexpr size_t kMaxEvidenceQuoteBytes = 64 << 10;

// Upper-case names as in the API (`MEETING`, `REFERENCES`), for messages.
std::string_view NodeKindName(NodeKind kind);
std::string_view EdgeKindName(EdgeKind kind);
std::string_view StanceName(Stance stance);

// Parses `MEETING`/`meeting`, `REFERENCES`/`references`; nullopt if unknown.
std::optional<NodeKind> ParseNodeKind(std::string_view text);
std::optional<EdgeKind> ParseEdgeKind(std::string_view text);
std::optional<Stance> ParseStance(std::string_view text);

// A parsed resource name.
struct ResourceName {
  NodeKind kind = NodeKind::kUnspecified;
  // The id of the node itself (last segment).
  std::string id;
  // For items and remarks, the id of their meeting; else empty.
  std::string meeting_id;
};

// The longest id segment, in bytes.
inline constexpr size_t kMaxIdBytes = 128;

// Parses and validates `bodies/x`, `meetings/x`, `meetings/x/items/y`, ...
// Ids are 1..kMaxIdBytes bytes of valid UTF-8 without '/', white space or
// control characters. Errors are INVALID_ARGUMENT and say what is wrong;
// `field` names the offending request field in the message.
absl::StatusOr<ResourceName> ParseResourceName(std::string_view name,
                                               std::string_view field);

// The resource name of a meeting's item, remark; of a meeting itself.
std::string MeetingName(std::string_view meeting_id);
std::string ItemName(std::string_view meeting_id, std::string_view item_id);
std::string RemarkName(std::string_view meeting_id, std::string_view remark_id);

// For `meetings/m/remarks/3` and `meetings/m/items/2`, returns `meetings/m`;
// for a meeting, itself; otherwise empty.
std::string MeetingOf(std::string_view name);

// Whether an edge of `kind` may go from a `source` node to a `target` node.
bool EdgeFits(EdgeKind kind, NodeKind source, NodeKind target);

// A readable statement of what `kind` joins, such as "REMARK -> ITEM|MATTER".
std::string EdgeSignature(EdgeKind kind);

// True if `text` is well-formed UTF-8.
bool IsValidUtf8(std::string_view text);

// True if `date` is a calendar date written YYYY-MM-DD (2024-02-30 is not),
// the form of every stored date.
bool IsValidDate(std::string_view date);
// True if `time` is a time of day written HH:MM (00:00 to 23:59).
bool IsValidTime(std::string_view time);

}  // namespace remarkgraph::storage

#endif  // REMARKGRAPH_STORAGE_SCHEMA_H_
