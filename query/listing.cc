#include "query/listing.h"

#include <algorithm>
#include <map>
#include <optional>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/error_details.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "query/internal/page_bytes.h"
#include "query/internal/page_token.h"

namespace remarkgraph::query {
namespace {

using storage::EdgeCursor;
using storage::EdgeDirection;
using storage::EdgeEntry;
using storage::GraphSnapshot;
using storage::kNoNode;

// A page token: fingerprint(8) of the request it belongs to, then the
// position the next page starts after.
struct Position {
  std::string last_name;  // Kind scans.
  uint8_t direction = 0;  // Edge scans.
  uint16_t kind = 0;
  NodeId neighbor = kNoNode;
};

uint64_t Fingerprint(std::string_view canonical) {
  return internal::Fingerprint(canonical, 0x6c697374696e6773ULL);  // "listings"
}

// "<fingerprint hex>.<direction>.<kind>.<neighbor>.<last name>", base64.
std::string EncodeToken(uint64_t fingerprint, const Position& p) {
  return absl::WebSafeBase64Escape(
      StrCat(absl::Hex(fingerprint, absl::kZeroPad16), ".", p.direction, ".", p.kind,
             ".", p.neighbor, ".", p.last_name));
}

absl::StatusOr<std::optional<Position>> DecodeToken(std::string_view token,
                                                    uint64_t fingerprint) {
  if (token.empty()) return std::nullopt;
  const absl::Status invalid = absl::InvalidArgumentError(
      "page_token: not a token issued for this request (tokens are tied to "
      "the request's filters)");
  std::string raw;
  if (token.size() > 2048 || !absl::WebSafeBase64Unescape(Sv(token), &raw)) {
    return invalid;
  }
  const std::vector<absl::string_view> parts = absl::StrSplit(raw, absl::MaxSplits('.', 4));
  uint64_t stored = 0;
  uint32_t direction = 0, kind = 0;
  Position p;
  if (parts.size() != 5 || !absl::SimpleHexAtoi(parts[0], &stored) || stored != fingerprint ||
      !absl::SimpleAtoi(parts[1], &direction) || !absl::SimpleAtoi(parts[2], &kind) ||
      !absl::SimpleAtoi(parts[3], &p.neighbor) || direction > 1 ||
      kind > storage::kMaxEdgeKind) {
    return invalid;
  }
  p.direction = static_cast<uint8_t>(direction);
  p.kind = static_cast<uint16_t>(kind);
  p.last_name = std::string(parts[4]);
  return p;
}

bool Applies(NodeKind kind, std::initializer_list<NodeKind> kinds) {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

absl::Status CheckFilterApplies(const ListNodesSpec& spec) {
  using K = NodeKind;
  struct Filter {
    const std::string& value;
    const char* field;
    std::initializer_list<NodeKind> kinds;
  };
  const Filter filters[] = {
      {spec.body, "body", {K::kMeeting, K::kItem, K::kRemark}},
      {spec.meeting, "meeting", {K::kItem, K::kRemark, K::kPerson}},
      {spec.person, "person", {K::kRemark, K::kMeeting}},
      {spec.start_date, "start_date", {K::kMeeting, K::kItem, K::kRemark}},
      {spec.end_date, "end_date", {K::kMeeting, K::kItem, K::kRemark}},
  };
  for (const Filter& f : filters) {
    if (!f.value.empty() && !Applies(spec.kind, f.kinds)) {
      return absl::InvalidArgumentError(
          StrCat(f.field, ": does not apply to ", storage::NodeKindName(spec.kind),
                 " nodes"));
    }
  }
  return absl::OkStatus();
}

// Evaluates the filters of one ListNodes request, caching what it learns
// about meetings (their date and body).
class NodeFilter {
 public:
  NodeFilter(GraphSnapshot& snapshot, const ListNodesSpec& spec)
      : snapshot_(snapshot), spec_(spec) {}

  // Resolves the filter nodes. False if one does not exist (nothing can
  // match).
  absl::StatusOr<bool> Resolve() {
    for (auto [name, id] : {std::pair{&spec_.body, &body_},
                            std::pair{&spec_.person, &person_},
                            std::pair{&spec_.meeting, &meeting_}}) {
      if (name->empty()) continue;
      ASSIGN_OR_RETURN(const std::optional<NodeId> found, snapshot_.Resolve(*name));
      if (!found) return false;
      *id = *found;
    }
    return true;
  }

  NodeId body() const { return body_; }
  NodeId person() const { return person_; }
  NodeId meeting() const { return meeting_; }

  // Whether the node passes every filter the driver has not already applied.
  absl::StatusOr<bool> Passes(NodeId id, const NodeRecord& node,
                              bool driven_by_body, bool driven_by_person) {
    const NodeKind kind = static_cast<NodeKind>(node.kind());
    if (!spec_.meeting.empty() && kind != NodeKind::kPerson &&
        storage::MeetingOf(node.name()) != spec_.meeting) {
      return false;
    }
    if (person_ != kNoNode && !driven_by_person) {
      const bool remark = kind == NodeKind::kRemark;
      ASSIGN_OR_RETURN(
          const auto edge,
          remark ? snapshot_.GetEdge(id, EdgeKind::kSpokenBy, person_)
                 : snapshot_.GetEdge(person_, EdgeKind::kAttended, id));
      if (!edge) return false;
    }
    const bool needs_meeting = (body_ != kNoNode && !driven_by_body) ||
                               !spec_.start_date.empty() || !spec_.end_date.empty();
    if (!needs_meeting) return true;
    const MeetingFacts* facts;
    if (kind == NodeKind::kMeeting) {
      ASSIGN_OR_RETURN(facts, Facts(node.name(), id, &node));
    } else {
      ASSIGN_OR_RETURN(facts, Facts(storage::MeetingOf(node.name()), kNoNode, nullptr));
    }
    if (body_ != kNoNode && !driven_by_body && !facts->held_by_body) return false;
    if (!spec_.start_date.empty() &&
        (facts->date.empty() || facts->date < spec_.start_date)) {
      return false;
    }
    if (!spec_.end_date.empty() && (facts->date.empty() || facts->date > spec_.end_date)) {
      return false;
    }
    return true;
  }

 private:
  struct MeetingFacts {
    std::string date;
    bool held_by_body = false;
  };

  absl::StatusOr<const MeetingFacts*> Facts(const std::string& meeting_name,
                                            NodeId id, const NodeRecord* record) {
    auto it = meetings_.find(meeting_name);
    if (it != meetings_.end()) return &it->second;
    MeetingFacts facts;
    if (id == kNoNode) {
      ASSIGN_OR_RETURN(const std::optional<NodeId> found,
                       snapshot_.Resolve(meeting_name));
      if (found) id = *found;
    }
    if (id != kNoNode) {
      std::optional<NodeRecord> loaded;
      if (record == nullptr) {
        ASSIGN_OR_RETURN(loaded, snapshot_.GetNode(id));
        if (loaded) record = &*loaded;
      }
      if (record != nullptr) facts.date = record->date();
      if (body_ != kNoNode) {
        ASSIGN_OR_RETURN(const auto edge,
                         snapshot_.GetEdge(id, EdgeKind::kHeldBy, body_));
        facts.held_by_body = edge.has_value();
      }
    }
    return &meetings_.emplace(meeting_name, std::move(facts)).first->second;
  }

  GraphSnapshot& snapshot_;
  const ListNodesSpec& spec_;
  NodeId body_ = kNoNode, person_ = kNoNode, meeting_ = kNoNode;
  std::map<std::string, MeetingFacts> meetings_;
};

}  // namespace

absl::StatusOr<NodePage> ListNodes(GraphSnapshot& snapshot,
                                   const ListNodesSpec& spec,
                                   const Budget& budget) {
  if (spec.kind == NodeKind::kUnspecified ||
      static_cast<int>(spec.kind) > storage::kMaxNodeKind) {
    return absl::InvalidArgumentError("kind: is required");
  }
  RETURN_IF_ERROR(CheckFilterApplies(spec));
  const uint64_t fingerprint = Fingerprint(
      StrCat("nodes|", static_cast<int>(spec.kind), "|", spec.body, "|",
             spec.meeting, "|", spec.person, "|", spec.start_date, "|",
             spec.end_date));
  ASSIGN_OR_RETURN(const std::optional<Position> start,
                   DecodeToken(spec.page_token, fingerprint));
  NodePage page;
  NodeFilter filter(snapshot, spec);
  ASSIGN_OR_RETURN(const bool resolvable, filter.Resolve());
  if (!resolvable) return page;

  // Pick the driver: an edge scan from a filter node when that is narrower
  // than the kind, else the kind index (optionally within one meeting).
  struct EdgeDriver {
    NodeId node;
    EdgeDirection direction;
    EdgeKind kind;
  };
  std::optional<EdgeDriver> driver;
  bool by_body = false, by_person = false;
  if (spec.kind == NodeKind::kRemark && filter.person() != kNoNode &&
      spec.meeting.empty()) {
    driver = EdgeDriver{filter.person(), EdgeDirection::kIncoming, EdgeKind::kSpokenBy};
    by_person = true;
  } else if (spec.kind == NodeKind::kMeeting && filter.body() != kNoNode) {
    driver = EdgeDriver{filter.body(), EdgeDirection::kIncoming, EdgeKind::kHeldBy};
    by_body = true;
  } else if (spec.kind == NodeKind::kMeeting && filter.person() != kNoNode) {
    driver = EdgeDriver{filter.person(), EdgeDirection::kOutgoing, EdgeKind::kAttended};
    by_person = true;
  } else if (spec.kind == NodeKind::kPerson && filter.meeting() != kNoNode) {
    driver = EdgeDriver{filter.meeting(), EdgeDirection::kIncoming, EdgeKind::kAttended};
  }

  const size_t page_size = static_cast<size_t>(std::max(1, spec.page_size));
  int64_t scanned = 0;
  bool more = false;
  Position last;
  absl::Status error;
  internal::PageBytes bytes(spec.max_bytes);
  auto consider = [&](NodeId id, const NodeRecord& record) -> bool {
    if (page.nodes.size() == page_size) {
      more = true;  // There is at least one more candidate.
      return false;
    }
    absl::StatusOr<bool> passes = filter.Passes(id, record, by_body, by_person);
    if (!passes.ok()) {
      error = passes.status();
      return false;
    }
    if (*passes) {
      const size_t size = record.ByteSizeLong();
      if (!bytes.Fits(size)) {
        more = true;  // This one opens the next page.
        return false;
      }
      bytes.Add(size);
      page.nodes.push_back(record);
    }
    return true;
  };

  if (driver) {
    std::optional<EdgeCursor> cursor;
    if (start) cursor = EdgeCursor{driver->kind, start->neighbor};
    RETURN_IF_ERROR(
        snapshot.ScanEdges(driver->node, driver->direction, driver->kind, cursor,
                           [&](const EdgeEntry& entry) {
                             if (++scanned > budget.max_edges_scanned) {
                               more = true;
                               return false;
                             }
                             absl::StatusOr<std::optional<NodeRecord>> node =
                                 snapshot.GetNode(entry.neighbor);
                             if (!node.ok()) {
                               error = node.status();
                               return false;
                             }
                             if (!*node) return true;
                             if (!consider(entry.neighbor, **node)) return false;
                             last.neighbor = entry.neighbor;
                             return true;
                           })
            .status());
  } else {
    std::string prefix;
    if (!spec.meeting.empty()) {
      prefix = StrCat(spec.meeting,
                      spec.kind == NodeKind::kItem ? "/items/" : "/remarks/");
    }
    const std::string from = start ? start->last_name : prefix;
    std::vector<std::pair<std::string, NodeId>> batch;
    // Read names in chunks so records are fetched with one MultiGet each.
    std::string cursor = from;
    bool exhausted = false;
    while (!exhausted && !more && error.ok()) {
      batch.clear();
      RETURN_IF_ERROR(snapshot.ScanKind(
          spec.kind, cursor, [&](std::string_view name, NodeId id) {
            if (!prefix.empty() && !name.starts_with(prefix)) return false;
            batch.emplace_back(std::string(name), id);
            return batch.size() < 256;
          }));
      if (batch.size() < 256) exhausted = true;
      if (batch.empty()) break;
      std::vector<NodeId> ids;
      for (const auto& [name, id] : batch) ids.push_back(id);
      ASSIGN_OR_RETURN(const auto records, snapshot.GetNodes(ids));
      for (size_t i = 0; i < batch.size(); ++i) {
        if (++scanned > budget.max_edges_scanned) {
          more = true;
          break;
        }
        if (!records[i]) continue;
        if (!consider(batch[i].second, *records[i])) break;
        last.last_name = batch[i].first;
      }
      cursor = batch.back().first;
    }
  }
  RETURN_IF_ERROR(error);
  if (more) page.next_page_token = EncodeToken(fingerprint, last);
  return page;
}

absl::StatusOr<EdgePage> ListEdges(GraphSnapshot& snapshot,
                                   const ListEdgesSpec& spec) {
  std::vector<EdgeKind> kinds = spec.kinds;
  std::sort(kinds.begin(), kinds.end());
  kinds.erase(std::unique(kinds.begin(), kinds.end()), kinds.end());
  std::string canonical = StrCat("edges|", spec.name, "|",
                                 static_cast<int>(spec.direction), "|");
  for (EdgeKind k : kinds) canonical += StrCat(static_cast<int>(k), ",");
  const uint64_t fingerprint = Fingerprint(canonical);
  ASSIGN_OR_RETURN(const std::optional<Position> start,
                   DecodeToken(spec.page_token, fingerprint));
  ASSIGN_OR_RETURN(const std::optional<NodeId> node, snapshot.Resolve(spec.name));
  if (!node) {
    return NodeNotFoundError(spec.name, "name");
  }
  std::vector<EdgeDirection> directions;
  if (spec.direction != Direction::kIncoming) directions.push_back(EdgeDirection::kOutgoing);
  if (spec.direction != Direction::kOutgoing) directions.push_back(EdgeDirection::kIncoming);

  const size_t page_size = static_cast<size_t>(std::max(1, spec.page_size));
  EdgePage page;
  std::vector<EdgeView> edges;
  bool more = false;
  Position last;
  absl::Status error;
  internal::PageBytes bytes(spec.max_bytes);
  for (EdgeDirection direction : directions) {
    if (more) break;
    if (start && static_cast<uint8_t>(direction) < start->direction) continue;
    const bool resume = start && static_cast<uint8_t>(direction) == start->direction;
    std::vector<std::optional<EdgeKind>> scans;
    if (kinds.empty()) {
      scans.push_back(std::nullopt);
    } else {
      scans.assign(kinds.begin(), kinds.end());
    }
    for (const std::optional<EdgeKind>& kind : scans) {
      if (more) break;
      std::optional<EdgeCursor> cursor;
      if (resume) {
        const auto resume_kind = static_cast<EdgeKind>(start->kind);
        if (kind && *kind < resume_kind) continue;
        if (!kind || *kind == resume_kind) cursor = EdgeCursor{resume_kind, start->neighbor};
      }
      RETURN_IF_ERROR(snapshot
                          .ScanEdges(*node, direction, kind, cursor,
                                     [&](const EdgeEntry& entry) {
                                       if (edges.size() == page_size) {
                                         more = true;
                                         return false;
                                       }
                                       absl::StatusOr<EdgeRecord> record = entry.Decode();
                                       if (!record.ok()) {
                                         error = record.status();
                                         return false;
                                       }
                                       const size_t size = record->ByteSizeLong();
                                       if (!bytes.Fits(size)) {
                                         more = true;
                                         return false;
                                       }
                                       bytes.Add(size);
                                       edges.push_back(EdgeView{entry.source(), entry.target(),
                                                                entry.kind, std::move(*record)});
                                       last.direction = static_cast<uint8_t>(direction);
                                       last.kind = static_cast<uint16_t>(entry.kind);
                                       last.neighbor = entry.neighbor;
                                       return true;
                                     })
                          .status());
      RETURN_IF_ERROR(error);
    }
  }
  // Names of both endpoints, read once per distinct node.
  std::vector<NodeId> ids;
  for (const EdgeView& e : edges) {
    ids.push_back(e.source);
    ids.push_back(e.target);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  // Shared records: only the names are taken, so nothing else is copied.
  ASSIGN_OR_RETURN(const auto records, snapshot.GetSharedNodes(ids));
  std::map<NodeId, std::string> names;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (records[i] != nullptr) names[ids[i]] = records[i]->name();
  }
  for (EdgeView& e : edges) {
    page.edges.push_back(NamedEdge{.edge = e,
                                   .source_name = names[e.source],
                                   .target_name = names[e.target]});
  }
  if (more) page.next_page_token = EncodeToken(fingerprint, last);
  return page;
}

}  // namespace remarkgraph::query
