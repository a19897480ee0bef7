// Node and edge conditions of a traversal step, and the meeting-date lookup
// they need.
#ifndef REMARKGRAPH_QUERY_INTERNAL_FILTERS_H_
#define REMARKGRAPH_QUERY_INTERNAL_FILTERS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/node_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "query/query_engine.h"
#include "storage/graph_store.h"

namespace remarkgraph::query::internal {

// INVALID_ARGUMENT naming `field` if a filter key is not one of `title`,
// `date`, `speaker_label`, `item_kind`, `outcome` or `properties.KEY` (with a
// non-empty KEY).
absl::Status ValidateFilters(const std::vector<PropertyFilter>& filters,
                             std::string_view field);

// The kind stored in a record.
inline NodeKind KindOf(const NodeRecord& record) {
  return static_cast<NodeKind>(record.kind());
}

// Meeting records looked up by name, each read once per query. A meeting,
// an item and a remark share their meeting's date.
class MeetingCache {
 public:
  explicit MeetingCache(storage::GraphSnapshot& snapshot)
      : snapshot_(snapshot) {}

  struct Entry {
    NodeId id = storage::kNoNode;  // kNoNode if the meeting is missing.
    NodeRecord record;
  };

  // The meeting named `meeting_name` (as from storage::MeetingOf). The
  // pointer stays valid for the cache's lifetime.
  absl::StatusOr<const Entry*> Get(const std::string& meeting_name);

  // The date of the meeting `node` belongs to (or is); nullopt for nodes
  // outside meetings and for missing meetings.
  absl::StatusOr<std::optional<std::string>> DateOf(const NodeRecord& node);

  // Meetings read (for statistics).
  int64_t reads() const { return reads_; }

 private:
  storage::GraphSnapshot& snapshot_;
  // Node-based: Get hands out pointers that must survive later inserts.
  absl::node_hash_map<std::string, Entry> entries_;
  int64_t reads_ = 0;
};

// Whether `node` passes every filter. Filters must have been validated.
absl::StatusOr<bool> PassesFilters(const std::vector<PropertyFilter>& filters,
                                   const NodeRecord& node,
                                   MeetingCache& meetings);

// Whether `node` passes the node kinds and property filters of `step`.
absl::StatusOr<bool> NodeMatchesStep(const Step& step, const NodeRecord& node,
                                     MeetingCache& meetings);

// Whether an edge of `kind` whose value decodes to `stance` passes the
// stance filter of `step`. The filter only concerns REFERENCES edges; other
// kinds always pass.
bool StanceAllowed(const Step& step, EdgeKind kind, Stance stance);

}  // namespace remarkgraph::query::internal

#endif  // REMARKGRAPH_QUERY_INTERNAL_FILTERS_H_
