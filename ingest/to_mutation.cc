#include "ingest/to_mutation.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "ingest/ids.h"
#include "ingest/matter_catalog.h"

namespace remarkgraph::ingest {
namespace {

using storage::EdgeKind;
using storage::EdgeRecord;
using storage::NodeKind;
using storage::NodeRecord;

NodeRecord Node(NodeKind kind, std::string name, std::string title) {
  NodeRecord n;
  n.set_kind(static_cast<uint32_t>(kind));
  n.set_name(std::move(name));
  n.set_title(std::move(title));
  return n;
}

// The first `max_bytes` of UTF-8 `text`, cut before a code point's start.
std::string_view Utf8Prefix(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

// Quotes past kMaxEvidenceQuoteBytes (a sentence that never ends) are cut:
// the span still says where the whole passage is. With `take`, the quote is
// moved out of `e` rather than copied.
storage::EvidenceRecord ToRecord(const Evidence& e, const std::string& source,
                                 Evidence* take = nullptr) {
  storage::EvidenceRecord r;
  r.set_source(source);
  r.set_span_begin(e.span.begin);
  r.set_span_end(e.span.end);
  if (take != nullptr && take->quote.size() <= storage::kMaxEvidenceQuoteBytes) {
    r.set_quote(std::move(take->quote));
  } else {
    r.set_quote(std::string(Utf8Prefix(e.quote, storage::kMaxEvidenceQuoteBytes)));
  }
  r.set_rule(e.rule);
  r.set_confidence(e.confidence);
  r.set_section(e.section);
  return r;
}

std::string PersonName(std::string_view name) {
  return absl::StrCat("people/", PersonIdFor(name));
}

struct PersonInfo {
  std::string name;
  std::string reading;
  std::vector<std::string> titles;
};

// `release`, when set, is `m` itself: what the mutation keeps of it (remark
// texts, evidence quotes) is moved out instead of copied.
void AddNodesAndEdges(const ParsedMinutes& m, ParsedMinutes* release,
                      const std::map<std::string, std::vector<std::string>>& kept_titles,
                      storage::Mutation& out) {
  const std::string meeting = storage::MeetingName(m.meeting_id);
  const std::string body = absl::StrCat("bodies/", BodyIdFor(m.body));
  // About: body, meeting, a person per attendee, an item and a matter per
  // item, the remarks (unlisted speakers and documents are few); at most an
  // edge per attendee, two per item and remark, one per link.
  const size_t nodes = 2 + m.attendees.size() + m.remarks.size() + m.items.size() * 2;
  const size_t edges = 1 + m.attendees.size() + m.items.size() * 2 + m.remarks.size() * 2 +
                       m.links.size() + m.external_links.size();
  out.Reserve(nodes + edges, nodes, edges);
  out.UpsertNode(Node(NodeKind::kBody, body, m.body));
  NodeRecord mn = Node(NodeKind::kMeeting, meeting, m.title);
  mn.set_date(m.date);
  mn.set_start_time(m.start_time);
  mn.set_end_time(m.end_time);
  mn.set_place(m.place);
  mn.set_source_format(std::string(FormatName(m.format)));
  mn.set_source_digest(m.source_digest);
  (*mn.mutable_properties())["body"] = m.body;
  if (m.title_ordinal > 0) {
    (*mn.mutable_properties())["ordinal"] = absl::StrCat(m.title_ordinal);
  }
  out.UpsertNode(std::move(mn));

  // People: attendees first (with their titles), then unlisted speakers.
  std::map<std::string, PersonInfo> people;
  for (const Attendee& a : m.attendees) {
    PersonInfo& p = people[PersonName(a.name)];
    p.name = a.name;
    p.reading = a.reading;
    if (!a.title.empty()) p.titles.push_back(a.title);
  }
  for (const Remark& r : m.remarks) {
    if (r.person.empty()) continue;
    PersonInfo& p = people[PersonName(r.person)];
    if (p.name.empty()) p.name = r.person;
  }
  for (auto& [name, info] : people) {
    NodeRecord pn = Node(NodeKind::kPerson, name, info.name);
    pn.set_reading(info.reading);
    std::vector<std::string> titles;
    auto kept = kept_titles.find(name);
    if (kept != kept_titles.end()) titles = kept->second;
    for (const auto& t : info.titles) {
      if (std::find(titles.begin(), titles.end(), t) == titles.end()) titles.push_back(t);
    }
    for (auto& t : titles) pn.add_titles(t);
    out.UpsertNode(std::move(pn));
  }
  std::set<std::string> matters, documents;
  for (const Item& i : m.items) {
    NodeRecord in = Node(NodeKind::kItem, storage::ItemName(m.meeting_id, absl::StrCat(i.ordinal)), i.title);
    in.set_item_kind(static_cast<uint32_t>(i.kind));
    in.set_outcome(static_cast<uint32_t>(i.outcome));
    in.set_ordinal(i.ordinal);
    if (!i.presenter.empty()) (*in.mutable_properties())["presenter"] = i.presenter;
    out.UpsertNode(std::move(in));
    if (!i.matter_id.empty() && matters.insert(i.matter_id).second) {
      out.UpsertNode(Node(NodeKind::kMatter, absl::StrCat("matters/", i.matter_id),
                          i.matter_title));
    }
  }
  for (const Link& l : m.links) {
    if (l.target_type == TargetType::kDocument && documents.insert(l.target).second) {
      out.UpsertNode(Node(NodeKind::kDocument, absl::StrCat("documents/", l.target),
                          l.target));
    }
  }
  for (size_t k = 0; k < m.remarks.size(); ++k) {
    const Remark& r = m.remarks[k];
    NodeRecord rn = Node(NodeKind::kRemark, storage::RemarkName(m.meeting_id, absl::StrCat(r.ordinal)),
                         r.speaker_label);
    rn.set_speaker_label(r.speaker_label);
    if (release != nullptr) {
      rn.set_text(std::move(release->remarks[k].text));
    } else {
      rn.set_text(r.text);
    }
    rn.set_span_begin(r.span.begin);
    rn.set_span_end(r.span.end);
    rn.set_ordinal(r.ordinal);
    auto& props = *rn.mutable_properties();
    if (!r.person.empty()) props["person"] = r.person;
    if (!r.role.empty()) props["role"] = r.role;
    if (!r.section.empty()) props["section"] = r.section;
    if (r.from_heading) props["from_heading"] = "true";
    props["offset_map"] = EncodeOffsetMap(r.text_offsets.breaks());
    out.UpsertNode(std::move(rn));
  }

  // Edges.
  out.UpsertEdge(meeting, EdgeKind::kHeldBy, body, EdgeRecord());
  for (const Attendee& a : m.attendees) {
    EdgeRecord e;
    (*e.mutable_properties())["title"] = a.title;
    out.UpsertEdge(PersonName(a.name), EdgeKind::kAttended, meeting, std::move(e));
  }
  for (const Item& i : m.items) {
    std::string item = storage::ItemName(m.meeting_id, absl::StrCat(i.ordinal));
    out.UpsertEdge(meeting, EdgeKind::kHasItem, item, EdgeRecord());
    if (!i.matter_id.empty()) {
      out.UpsertEdge(item, EdgeKind::kAbout, absl::StrCat("matters/", i.matter_id),
                     EdgeRecord());
    }
  }
  for (const Remark& r : m.remarks) {
    std::string remark = storage::RemarkName(m.meeting_id, absl::StrCat(r.ordinal));
    out.UpsertEdge(remark, EdgeKind::kInMeeting, meeting, EdgeRecord());
    if (!r.person.empty()) {
      out.UpsertEdge(remark, EdgeKind::kSpokenBy, PersonName(r.person), EdgeRecord());
    }
  }
  for (size_t k = 0; k < m.links.size(); ++k) {
    const Link& l = m.links[k];
    std::string target;
    switch (l.target_type) {
      case TargetType::kItem: target = storage::ItemName(m.meeting_id, l.target); break;
      case TargetType::kRemark: target = storage::RemarkName(m.meeting_id, l.target); break;
      case TargetType::kDocument: target = absl::StrCat("documents/", l.target); break;
      case TargetType::kMatter: target = absl::StrCat("matters/", l.target); break;
    }
    EdgeRecord e;
    e.set_stance(static_cast<uint32_t>(l.stance));
    // The first passages, as many as an edge keeps (see schema.h).
    for (size_t j = 0; j < l.evidence.size(); ++j) {
      if (e.evidence_size() >= storage::kMaxEvidencePerEdge) break;
      *e.add_evidence() = ToRecord(
          l.evidence[j], meeting,
          release != nullptr ? &release->links[k].evidence[j] : nullptr);
    }
    out.UpsertEdge(storage::RemarkName(m.meeting_id, absl::StrCat(l.remark)),
                   ToEdgeKind(l.kind), target, std::move(e));
  }
  // Earlier remarks naming this meeting's matters. One edge may gather
  // several passages.
  std::map<std::pair<std::string, std::string>, EdgeRecord> external;
  for (const ExternalLink& x : m.external_links) {
    EdgeRecord& e = external[{x.remark_name, x.matter_id}];
    if (e.evidence_size() >= storage::kMaxEvidencePerEdge) continue;
    *e.add_evidence() = ToRecord(x.evidence, x.meeting_name);
  }
  for (auto& [key, e] : external) {
    out.UpsertEdge(key.first, EdgeKind::kReferences,
                   absl::StrCat("matters/", key.second), std::move(e));
  }
}

absl::StatusOr<storage::Mutation> BuildReplacing(const ParsedMinutes& minutes,
                                                 ParsedMinutes* release,
                                                 storage::GraphSnapshot& snapshot) {
  // Keep the titles people hold at other meetings.
  std::map<std::string, std::vector<std::string>> kept_titles;
  std::set<std::string> names;
  for (const Attendee& a : minutes.attendees) names.insert(PersonName(a.name));
  for (const std::string& name : names) {
    ASSIGN_OR_RETURN(auto id, snapshot.Resolve(name));
    if (!id.has_value()) continue;
    ASSIGN_OR_RETURN(auto node, snapshot.GetNode(*id));
    if (!node.has_value()) continue;
    for (const auto& t : node->titles()) kept_titles[name].push_back(t);
  }
  storage::Mutation fresh;
  AddNodesAndEdges(minutes, release, kept_titles, fresh);
  const std::string meeting = storage::MeetingName(minutes.meeting_id);
  ASSIGN_OR_RETURN(auto meeting_id, snapshot.Resolve(meeting));
  if (!meeting_id.has_value()) return fresh;

  // A reimport. The remarks and items the minutes still have are upserted
  // in place (same node, same id): only a changed text rewrites its search
  // postings, where deleting and creating every node rewrote them all. What
  // the previous import stored and this one does not write goes first: the
  // remarks and items no longer there with all their edges, the edges of
  // the kept ones no longer there, the attendances no longer there. The
  // graph that results is the one deleting and re-creating them gives.
  absl::flat_hash_set<std::string> upserted_nodes;
  absl::flat_hash_set<std::string> upserted_edges;  // edge_triple()
  auto edge_triple = [](std::string_view source, EdgeKind kind, std::string_view target) {
    std::string triple = std::to_string(source.size());
    triple.push_back(':');
    triple.append(source);
    triple.append(":" + std::to_string(static_cast<int>(kind)) + ":");
    triple.append(target);
    return triple;
  };
  for (const storage::Mutation::Op& op : fresh.ops()) {
    if (op.type == storage::Mutation::Op::Type::kUpsertNode) {
      upserted_nodes.insert(op.name);
    } else if (op.type == storage::Mutation::Op::Type::kUpsertEdge) {
      upserted_edges.insert(edge_triple(op.name, op.edge_kind, op.target));
    }
  }
  std::vector<storage::NodeId> old;
  std::vector<storage::NodeId> attendees;
  auto collect = [&](storage::EdgeDirection dir, EdgeKind kind,
                     std::vector<storage::NodeId>& into) {
    return snapshot
        .ScanEdges(*meeting_id, dir, kind, std::nullopt,
                   [&](const storage::EdgeEntry& e) {
                     into.push_back(e.neighbor);
                     return true;
                   })
        .status();
  };
  RETURN_IF_ERROR(collect(storage::EdgeDirection::kIncoming, EdgeKind::kInMeeting, old));
  RETURN_IF_ERROR(collect(storage::EdgeDirection::kOutgoing, EdgeKind::kHasItem, old));
  RETURN_IF_ERROR(collect(storage::EdgeDirection::kIncoming, EdgeKind::kAttended, attendees));
  ASSIGN_OR_RETURN(auto nodes, snapshot.GetNodes(old));
  // The stored edges of the kept nodes, by id; their far ends named below.
  struct StoredEdge {
    storage::NodeId source;
    EdgeKind kind;
    storage::NodeId target;
  };
  std::vector<StoredEdge> stored_edges;
  absl::flat_hash_map<storage::NodeId, std::string> id_names;
  std::vector<storage::NodeId> unnamed;
  storage::Mutation out;
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (!nodes[i].has_value()) continue;
    const std::string& name = nodes[i]->name();
    if (!upserted_nodes.contains(name)) {
      out.DeleteNode(name, /*allow_missing=*/true);
      continue;
    }
    id_names.try_emplace(old[i], name);
    for (const auto direction : {storage::EdgeDirection::kOutgoing,
                                 storage::EdgeDirection::kIncoming}) {
      RETURN_IF_ERROR(snapshot
                          .ScanEdges(old[i], direction, std::nullopt, std::nullopt,
                                     [&](const storage::EdgeEntry& e) {
                                       stored_edges.push_back({e.source(), e.kind, e.target()});
                                       unnamed.push_back(e.neighbor);
                                       return true;
                                     })
                          .status());
    }
  }
  std::sort(unnamed.begin(), unnamed.end());
  unnamed.erase(std::unique(unnamed.begin(), unnamed.end()), unnamed.end());
  std::erase_if(unnamed, [&](storage::NodeId id) { return id_names.contains(id); });
  ASSIGN_OR_RETURN(auto neighbors, snapshot.GetNodes(unnamed));
  for (size_t i = 0; i < neighbors.size(); ++i) {
    if (neighbors[i].has_value()) id_names.try_emplace(unnamed[i], neighbors[i]->name());
  }
  absl::flat_hash_set<std::string> deleted_edges;
  for (const StoredEdge& e : stored_edges) {
    const auto source = id_names.find(e.source);
    const auto target = id_names.find(e.target);
    if (source == id_names.end() || target == id_names.end()) continue;
    std::string triple = edge_triple(source->second, e.kind, target->second);
    if (upserted_edges.contains(triple) || !deleted_edges.insert(std::move(triple)).second) {
      continue;
    }
    out.DeleteEdge(source->second, e.kind, target->second);
  }
  ASSIGN_OR_RETURN(auto people, snapshot.GetNodes(attendees));
  for (const auto& p : people) {
    if (p.has_value() &&
        !upserted_edges.contains(edge_triple(p->name(), EdgeKind::kAttended, meeting))) {
      out.DeleteEdge(p->name(), EdgeKind::kAttended, meeting);
    }
  }
  out.Append(std::move(fresh));
  return out;
}

}  // namespace

storage::Mutation BuildMutation(const ParsedMinutes& minutes) {
  storage::Mutation out;
  AddNodesAndEdges(minutes, nullptr, {}, out);
  return out;
}

storage::Mutation BuildMutationReleasing(ParsedMinutes& minutes) {
  storage::Mutation out;
  AddNodesAndEdges(minutes, &minutes, {}, out);
  return out;
}

absl::StatusOr<storage::Mutation> BuildReplacingMutation(
    const ParsedMinutes& minutes, storage::GraphSnapshot& snapshot) {
  return BuildReplacing(minutes, nullptr, snapshot);
}

absl::StatusOr<storage::Mutation> BuildReplacingMutationReleasing(
    ParsedMinutes& minutes, storage::GraphSnapshot& snapshot) {
  return BuildReplacing(minutes, &minutes, snapshot);
}

}  // namespace remarkgraph::ingest
