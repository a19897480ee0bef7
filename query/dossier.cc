// GetDossier. The plan, for a subject with any number of references:
//  1. Scan the in-edges (REFERENCES, ADOPTS) of the subject and, for a
//     matter, of its items. The edge value (or the in-memory adjacency)
//     holds the stance, so the totals and stance counts come from this scan
//     alone; only ids and stances are kept (16 bytes per edge), capped by
//     max_edges_scanned.
//  2. The global order (meeting date desc, meeting name, ordinal) needs each
//     remark's meeting and ordinal, which only its record holds. Records are
//     read in sorted batches, keeping only (meeting, ordinal) -- and, for up
//     to kKeepRecords remarks, the shared record itself for the page -- for
//     every remark step 1 found: a page of a supernode costs one pass over
//     its remarks, in memory bounded by the edge budget (16 bytes a remark),
//     and paging reaches every remark the totals count. (An
//     index keyed by (subject, meeting date, ordinal) in storage would make
//     a page cost only its own rows; until then this is the price.)
//  3. Each distinct meeting is read once, all in two batched reads (names,
//     then records). Records come shared (GetSharedNodes): from the
//     store's cache they cost no copy until the page is built.
//  4. The page's remarks not kept in step 2 are read again, with their
//     speakers and link values (by one more scan of the subject's in-edges
//     when that is cheaper than a read per link).
// The page token is the offset into that order, bound to the subject.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/error_details.h"
#include "common/status_macros.h"
#include "query/internal/budget.h"
#include "query/internal/edge_reader.h"
#include "query/internal/filters.h"
#include "query/internal/page_bytes.h"
#include "query/internal/page_token.h"
#include "query/query_engine.h"

namespace remarkgraph::query {
namespace {

using internal::BudgetTracker;
using internal::EdgeReader;
using internal::ScannedEdge;

constexpr std::string_view kTokenKind = "dossier";
constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 1000;
constexpr size_t kRecordBatch = 512;
// Up to this many referencing remarks, the records read to order them are
// held for the page (shared with the store's cache when it has them).
constexpr size_t kKeepRecords = 4096;
// The page's link values are re-read by scanning the subject's in-edges
// again when that scan is at most this many times longer than the page's
// links (a sequential scan beats as many point reads); else one by one.
constexpr size_t kRescanFactor = 16;

// One REFERENCES or ADOPTS edge into a target.
struct LinkEntry {
  NodeId remark = storage::kNoNode;
  uint32_t target = 0;  // Index into the targets.
  EdgeKind kind = EdgeKind::kUnspecified;
  Stance stance = Stance::kUnspecified;
};


// A listed remark's place in the order.
struct Placed {
  NodeId id = storage::kNoNode;
  uint32_t meeting = 0;  // Index into the meeting names.
  int32_t ordinal = 0;
};

// The ids of the nodes at the end of `node`'s `kind` edges in `direction`,
// within the edge budget and the fan-out.
absl::StatusOr<std::vector<NodeId>> Neighbors(storage::GraphSnapshot& snapshot,
                                              NodeId node, Direction direction,
                                              EdgeKind kind,
                                              BudgetTracker& tracker) {
  EdgeReader reader(snapshot, node, direction, {kind});
  std::vector<NodeId> out;
  std::vector<ScannedEdge> chunk;
  int64_t node_edges = 0;
  for (;;) {
    ASSIGN_OR_RETURN(
        internal::ReadOutcome outcome,
        internal::ReadBudgeted(reader, node_edges, tracker, &chunk));
    if (outcome == internal::ReadOutcome::kFanoutCut) {
      tracker.Truncate(Truncation::kMaxFanout);
    } else if (outcome == internal::ReadOutcome::kEdgeBudgetCut) {
      tracker.Truncate(Truncation::kMaxEdgesScanned);
    }
    if (outcome != internal::ReadOutcome::kEdges) break;
    for (const ScannedEdge& edge : chunk) out.push_back(edge.neighbor);
  }
  return out;
}

// Step 1: every reference into `targets`, within the edge budget. The fan-out
// limit does not apply: a dossier is one node's aggregate, not a branching
// walk, and its cost is bounded by max_edges_scanned.
absl::StatusOr<std::vector<LinkEntry>> CollectLinks(
    storage::GraphSnapshot& snapshot, const std::vector<NodeId>& targets,
    BudgetTracker& tracker) {
  std::vector<LinkEntry> links;
  std::vector<ScannedEdge> chunk;
  for (uint32_t t = 0; t < targets.size(); ++t) {
    EdgeReader reader(snapshot, targets[t], Direction::kIncoming,
                      {EdgeKind::kReferences, EdgeKind::kAdopts});
    for (bool more = true; more;) {
      RETURN_IF_ERROR(tracker.CheckClock());
      if (tracker.time_spent()) return links;
      const int64_t allow = std::min<int64_t>(
          static_cast<int64_t>(internal::kEdgeChunk), tracker.edges_left());
      chunk.clear();
      if (allow <= 0) {
        // Out of budget: a cut only if an edge remains, here or in a later
        // target.
        ASSIGN_OR_RETURN(more, reader.Next(1, &chunk));
        if (!chunk.empty()) {
          tracker.Truncate(Truncation::kMaxEdgesScanned);
          return links;
        }
        break;
      }
      ASSIGN_OR_RETURN(more, reader.Next(static_cast<size_t>(allow), &chunk));
      tracker.AddEdges(static_cast<int64_t>(chunk.size()));
      for (const ScannedEdge& edge : chunk) {
        ASSIGN_OR_RETURN(Stance stance, edge.GetStance());
        links.push_back({edge.neighbor, t, edge.kind, stance});
      }
    }
  }
  return links;
}

// Step 2: the meeting and ordinal of each remark, in id order, as far as the
// time budget allows (the edge budget of step 1 bounds their number).
// `meeting_names` collects the distinct meetings. A remark whose record is
// gone (a dangling edge) is left out.
absl::StatusOr<std::vector<Placed>> PlaceRemarks(
    storage::GraphSnapshot& snapshot, const std::vector<NodeId>& remarks,
    BudgetTracker& tracker, std::vector<std::string>* meeting_names,
    absl::flat_hash_map<NodeId, SharedRecord>* kept) {
  // A subject with few remarks keeps their records for the page, so that
  // each is read once; a supernode's are dropped to bound memory.
  const bool keep = remarks.size() <= kKeepRecords;
  std::vector<Placed> placed;
  absl::flat_hash_map<std::string, uint32_t> meeting_index;
  std::vector<NodeId> batch;
  for (size_t begin = 0; begin < remarks.size(); begin += batch.size()) {
    RETURN_IF_ERROR(tracker.CheckClock());
    if (tracker.time_spent()) break;
    // max_nodes does not cap the order: a cut there would leave remarks the
    // totals count out of every page. The reads show in the statistics.
    const int64_t allow = std::min<int64_t>(static_cast<int64_t>(kRecordBatch),
                                            static_cast<int64_t>(remarks.size() - begin));
    batch.assign(remarks.begin() + begin, remarks.begin() + begin + allow);
    ASSIGN_OR_RETURN(std::vector<SharedRecord> records,
                     snapshot.GetSharedNodes(batch));
    tracker.AddNodes(allow);
    for (size_t i = 0; i < batch.size(); ++i) {
      if (records[i] == nullptr) continue;  // A dangling edge.
      std::string meeting = storage::MeetingOf(records[i]->name());
      auto [it, inserted] = meeting_index.try_emplace(
          std::move(meeting), static_cast<uint32_t>(meeting_names->size()));
      if (inserted) meeting_names->push_back(it->first);
      placed.push_back({batch[i], it->second, records[i]->ordinal()});
      if (keep) kept->emplace(batch[i], std::move(records[i]));
    }
  }
  return placed;
}

// The stances a remark takes over its links: the distinct specified ones,
// or UNSPECIFIED if it states none (an ADOPTS edge alone, say).
void CountStances(const std::vector<LinkEntry>& links, size_t begin, size_t end,
                  std::array<int64_t, storage::kMaxStance + 1>& counts) {
  std::array<bool, storage::kMaxStance + 1> seen{};
  bool any = false;
  for (size_t i = begin; i < end; ++i) {
    const size_t s = static_cast<size_t>(links[i].stance);
    if (s == 0 || s > storage::kMaxStance) continue;
    any = true;
    if (!seen[s]) {
      seen[s] = true;
      ++counts[s];
    }
  }
  if (!any) ++counts[0];
}

// A link of the page: (remark, target index, kind).
struct LinkKey {
  NodeId remark;
  uint32_t target;
  EdgeKind kind;
  bool operator==(const LinkKey& o) const {
    return remark == o.remark && target == o.target && kind == o.kind;
  }
  template <typename H>
  friend H AbslHashValue(H h, const LinkKey& k) {
    return H::combine(std::move(h), k.remark, k.target, k.kind);
  }
};
using LinkValues = absl::flat_hash_map<LinkKey, std::string>;

// The serialized values of the page's links, by one more scan of the
// targets' in-edges when that is cheaper than a point read per link (see
// kRescanFactor); otherwise empty, and the caller reads each link.
absl::StatusOr<LinkValues> PageLinkValues(storage::GraphSnapshot& snapshot,
                                          const std::vector<NodeId>& targets,
                                          const std::vector<LinkEntry>& links,
                                          const std::vector<NodeId>& page_ids) {
  LinkValues values;
  absl::flat_hash_set<NodeId> page(page_ids.begin(), page_ids.end());
  size_t page_links = 0;
  for (const LinkEntry& link : links) page_links += page.contains(link.remark);
  if (page_links == 0 || links.size() > kRescanFactor * page_links) {
    return values;
  }
  // The same snapshot in the same order as CollectLinks: stopping after as
  // many edges as it read keeps this scan within the edge budget it spent.
  size_t remaining = links.size();
  for (uint32_t t = 0; t < targets.size() && remaining > 0; ++t) {
    for (EdgeKind kind : {EdgeKind::kReferences, EdgeKind::kAdopts}) {
      if (remaining == 0) break;
      ASSIGN_OR_RETURN(
          int64_t visited,
          snapshot.ScanEdges(targets[t], storage::EdgeDirection::kIncoming,
                             kind, std::nullopt,
                             [&](const storage::EdgeEntry& entry) {
                               if (page.contains(entry.neighbor)) {
                                 values.emplace(
                                     LinkKey{entry.neighbor, t, entry.kind},
                                     std::string(entry.value));
                               }
                               return --remaining > 0;
                             }));
      (void)visited;
    }
  }
  return values;
}

// The first SPOKEN_BY neighbor of `remark`, or kNoNode.
absl::StatusOr<NodeId> SpeakerOf(storage::GraphSnapshot& snapshot, NodeId remark) {
  NodeId speaker = storage::kNoNode;
  if (snapshot.has_adjacency()) {
    ASSIGN_OR_RETURN(int64_t visited,
                     snapshot.ScanAdjacency(remark, storage::EdgeDirection::kOutgoing,
                                            EdgeKind::kSpokenBy, std::nullopt,
                                            [&](const storage::AdjacentEdge& edge) {
                                              speaker = edge.neighbor;
                                              return false;
                                            }));
    (void)visited;
    return speaker;
  }
  ASSIGN_OR_RETURN(int64_t visited,
                   snapshot.ScanEdges(remark, storage::EdgeDirection::kOutgoing,
                                      EdgeKind::kSpokenBy, std::nullopt,
                                      [&](const storage::EdgeEntry& entry) {
                                        speaker = entry.neighbor;
                                        return false;
                                      }));
  (void)visited;
  return speaker;
}

int ClampPageSize(int page_size) {
  if (page_size <= 0) return kDefaultPageSize;
  return std::min(page_size, kMaxPageSize);
}

}  // namespace

absl::StatusOr<Dossier> QueryEngine::GetDossier(
    storage::GraphSnapshot& snapshot, const DossierSpec& spec,
    const Budget& budget) const {
  ASSIGN_OR_RETURN(storage::ResourceName parsed,
                   storage::ParseResourceName(spec.name, "name"));
  if (parsed.kind != NodeKind::kItem && parsed.kind != NodeKind::kMatter) {
    return absl::InvalidArgumentError(absl::StrCat(
        "name: a dossier is of an item or a matter, not '", spec.name, "'"));
  }
  uint64_t offset = 0;
  if (!spec.page_token.empty()) {
    ASSIGN_OR_RETURN(offset, internal::DecodePageToken(spec.page_token,
                                                       kTokenKind, spec.name));
  }
  const size_t page_size = static_cast<size_t>(ClampPageSize(spec.page_size));
  BudgetTracker tracker(ceilings_.Clamp(budget));
  RETURN_IF_ERROR(tracker.CheckClock());

  ASSIGN_OR_RETURN(std::optional<NodeId> subject_id,
                   snapshot.Resolve(spec.name));
  std::optional<NodeRecord> subject;
  if (subject_id.has_value()) {
    ASSIGN_OR_RETURN(subject, snapshot.GetNode(*subject_id));
  }
  if (!subject.has_value()) {
    return NodeNotFoundError(spec.name, "name");
  }
  tracker.AddNodes(1);
  Dossier dossier;
  dossier.subject = *std::move(subject);

  // A matter gathers the references of its items; an item lists the
  // matters it is about.
  std::vector<NodeId> targets = {*subject_id};
  const bool is_matter = parsed.kind == NodeKind::kMatter;
  ASSIGN_OR_RETURN(
      std::vector<NodeId> related_ids,
      Neighbors(snapshot, *subject_id,
                is_matter ? Direction::kIncoming : Direction::kOutgoing,
                EdgeKind::kAbout, tracker));
  ASSIGN_OR_RETURN(std::vector<std::optional<NodeRecord>> related,
                   snapshot.GetNodes(related_ids));
  tracker.AddNodes(static_cast<int64_t>(related_ids.size()));
  for (size_t i = 0; i < related.size(); ++i) {
    if (!related[i].has_value()) continue;
    if (is_matter) targets.push_back(related_ids[i]);
    dossier.related.push_back(*std::move(related[i]));
  }

  // Step 1, and the totals.
  ASSIGN_OR_RETURN(std::vector<LinkEntry> links,
                   CollectLinks(snapshot, targets, tracker));
  std::sort(links.begin(), links.end(),
            [](const LinkEntry& a, const LinkEntry& b) {
              return std::tie(a.remark, a.target, a.kind) <
                     std::tie(b.remark, b.target, b.kind);
            });
  std::vector<NodeId> remarks;
  for (size_t i = 0; i < links.size(); ++i) {
    if (i == 0 || links[i].remark != links[i - 1].remark) remarks.push_back(links[i].remark);
  }

  // Steps 2 and 3: the order.
  std::vector<std::string> meeting_names;
  absl::flat_hash_map<NodeId, SharedRecord> kept;
  ASSIGN_OR_RETURN(
      std::vector<Placed> placed,
      PlaceRemarks(snapshot, remarks, tracker, &meeting_names, &kept));
  // The totals are of the remarks ordered, the ones paging returns: a
  // dangling edge or a time cut leaves some out of both.
  dossier.total_remarks = static_cast<int64_t>(placed.size());
  {
    // `placed` is still in id order, as are the links.
    std::array<int64_t, storage::kMaxStance + 1> stance_counts{};
    size_t link = 0;
    for (const Placed& remark : placed) {
      while (link < links.size() && links[link].remark < remark.id) ++link;
      size_t end = link;
      while (end < links.size() && links[end].remark == remark.id) ++end;
      CountStances(links, link, end, stance_counts);
      link = end;
    }
    for (size_t s = 0; s < stance_counts.size(); ++s) {
      if (stance_counts[s] > 0) {
        dossier.stance_counts.emplace_back(static_cast<Stance>(s), stance_counts[s]);
      }
    }
  }
  // Step 3: the meetings, in two batched reads (names, then records).
  ASSIGN_OR_RETURN(std::vector<std::optional<NodeId>> meeting_ids,
                   snapshot.ResolveNames(meeting_names));
  std::vector<NodeId> found;
  for (const std::optional<NodeId>& id : meeting_ids) {
    if (id.has_value()) found.push_back(*id);
  }
  ASSIGN_OR_RETURN(std::vector<SharedRecord> found_records,
                   snapshot.GetSharedNodes(found));
  tracker.AddNodes(static_cast<int64_t>(found.size()));
  std::vector<SharedRecord> meeting_records(meeting_names.size());
  for (size_t i = 0, next = 0; i < meeting_names.size(); ++i) {
    if (meeting_ids[i].has_value()) meeting_records[i] = found_records[next++];
  }
  const NodeRecord no_meeting;
  auto meeting_record = [&](uint32_t m) -> const NodeRecord& {
    return meeting_records[m] != nullptr ? *meeting_records[m] : no_meeting;
  };
  dossier.total_meetings = static_cast<int64_t>(meeting_names.size());
  // Newest first; a meeting without a record (no date) sorts last.
  std::vector<uint32_t> by_date(meeting_names.size());
  for (uint32_t i = 0; i < by_date.size(); ++i) by_date[i] = i;
  std::sort(by_date.begin(), by_date.end(), [&](uint32_t a, uint32_t b) {
    const std::string& date_a = meeting_record(a).date();
    const std::string& date_b = meeting_record(b).date();
    if (date_a != date_b) return date_a > date_b;
    return meeting_names[a] < meeting_names[b];
  });
  std::vector<uint32_t> rank(meeting_names.size());
  for (uint32_t r = 0; r < by_date.size(); ++r) rank[by_date[r]] = r;
  std::sort(placed.begin(), placed.end(),
            [&](const Placed& a, const Placed& b) {
              return std::make_tuple(rank[a.meeting], a.ordinal, a.id) <
                     std::make_tuple(rank[b.meeting], b.ordinal, b.id);
            });

  // Step 4: the page.
  const size_t begin = std::min<uint64_t>(offset, placed.size());
  const size_t end = std::min(begin + page_size, placed.size());
  if (end < placed.size()) {
    dossier.next_page_token =
        internal::EncodePageToken(kTokenKind, spec.name, end);
  }
  std::vector<NodeId> page_ids;
  for (size_t i = begin; i < end; ++i) page_ids.push_back(placed[i].id);
  std::vector<SharedRecord> page_records(page_ids.size());
  std::vector<NodeId> unread;
  for (size_t i = 0; i < page_ids.size(); ++i) {
    auto it = kept.find(page_ids[i]);
    if (it != kept.end()) {
      page_records[i] = std::move(it->second);
    } else {
      unread.push_back(page_ids[i]);
    }
  }
  if (!unread.empty()) {
    ASSIGN_OR_RETURN(std::vector<SharedRecord> read,
                     snapshot.GetSharedNodes(unread));
    for (size_t i = 0, next = 0; i < page_ids.size(); ++i) {
      if (page_records[i] == nullptr) page_records[i] = std::move(read[next++]);
    }
  }
  // The byte cap: the page ends before the remark that would take it past
  // max_bytes, and the token resumes there.
  internal::PageBytes bytes(spec.max_bytes);
  size_t fit = 0;
  while (fit < page_ids.size()) {
    const size_t size = page_records[fit] != nullptr ? page_records[fit]->ByteSizeLong() : 0;
    if (!bytes.Fits(size)) break;
    bytes.Add(size);
    ++fit;
  }
  if (fit < page_ids.size()) {
    page_ids.resize(fit);
    page_records.resize(fit);
    dossier.next_page_token = internal::EncodePageToken(kTokenKind, spec.name, begin + fit);
  }
  ASSIGN_OR_RETURN(LinkValues link_values,
                   PageLinkValues(snapshot, targets, links, page_ids));

  // Speakers: the first SPOKEN_BY edge of each remark, people read once.
  std::vector<NodeId> speaker_of(page_ids.size(), storage::kNoNode);
  for (size_t i = 0; i < page_ids.size(); ++i) {
    ASSIGN_OR_RETURN(speaker_of[i], SpeakerOf(snapshot, page_ids[i]));
    if (speaker_of[i] != storage::kNoNode) tracker.AddEdges(1);
  }
  std::vector<NodeId> people = speaker_of;
  std::sort(people.begin(), people.end());
  people.erase(std::unique(people.begin(), people.end()), people.end());
  if (!people.empty() && people.front() == storage::kNoNode) {
    people.erase(people.begin());
  }
  ASSIGN_OR_RETURN(std::vector<SharedRecord> person_records,
                   snapshot.GetSharedNodes(people));
  absl::flat_hash_map<NodeId, const NodeRecord*> person_by_id;
  for (size_t i = 0; i < people.size(); ++i) {
    if (person_records[i] != nullptr) {
      person_by_id[people[i]] = person_records[i].get();
    }
  }

  std::optional<uint32_t> current_meeting;
  for (size_t i = 0; i < page_ids.size(); ++i) {
    if (page_records[i] == nullptr) continue;
    const Placed& place = placed[begin + i];
    if (current_meeting != place.meeting) {
      current_meeting = place.meeting;
      DossierMeeting group;
      if (meeting_records[place.meeting] != nullptr) {
        group.id = *meeting_ids[place.meeting];
        group.meeting = meeting_records[place.meeting];
      }
      dossier.meetings.push_back(std::move(group));
    }
    DossierRemark remark;
    remark.id = place.id;
    remark.remark = page_records[i];
    auto person = person_by_id.find(speaker_of[i]);
    if (person != person_by_id.end()) {
      remark.speaker = person->second->name();
      remark.speaker_title = person->second->title();
    }
    if (remark.speaker_title.empty()) {
      remark.speaker_title = remark.remark->speaker_label();
    }
    auto link = std::lower_bound(
        links.begin(), links.end(), place.id,
        [](const LinkEntry& e, NodeId id) { return e.remark < id; });
    for (; link != links.end() && link->remark == place.id; ++link) {
      EdgeView view;
      view.source = place.id;
      view.target = targets[link->target];
      view.kind = link->kind;
      auto value = link_values.find(LinkKey{place.id, link->target, link->kind});
      if (value != link_values.end()) {
        if (!view.record.ParseFromString(value->second)) {
          return absl::InternalError("corrupt edge value");
        }
      } else {
        ASSIGN_OR_RETURN(std::optional<EdgeRecord> record,
                         snapshot.GetEdge(view.source, view.kind, view.target));
        if (record.has_value()) view.record = *std::move(record);
      }
      remark.links.push_back(std::move(view));
    }
    dossier.meetings.back().remarks.push_back(std::move(remark));
  }
  dossier.stats = tracker.Finish();
  return dossier;
}

}  // namespace remarkgraph::query
