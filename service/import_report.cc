#include "service/import_report.h"

#include <map>
#include <string>

#include "service/convert.h"

namespace remarkgraph::service {
namespace {

using storage::EdgeKind;
using storage::Mutation;

// Edge kinds the linker makes (as opposed to the structure of the minutes).
bool IsLink(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::kReferences:
    case EdgeKind::kAdopts:
    case EdgeKind::kCites:
    case EdgeKind::kRepliesTo:
    case EdgeKind::kRefersTo:
    case EdgeKind::kAgreesWith:
      return true;
    default:
      return false;
  }
}

v1::ImportWarning WarningToWire(const ingest::ImportWarning& warning) {
  v1::ImportWarning out;
  out.set_line(warning.line);
  out.set_message(warning.message);
  return out;
}

// Adds `message` to `list` if it fits in `budget`; false (and nothing
// added) when it does not.
template <typename List, typename Message>
bool AddWithin(List* list, const Message& message, size_t& budget) {
  const size_t size = message.ByteSizeLong() + 8;  // Tag and length.
  if (size > budget) return false;
  budget -= size;
  *list->Add() = message;
  return true;
}

}  // namespace

v1::QualityReport BuildQualityReport(const ingest::ParsedMinutes& minutes) {
  v1::QualityReport report;
  report.set_title(minutes.title);
  report.set_date(minutes.date);
  report.set_start_time(minutes.start_time);
  report.set_end_time(minutes.end_time);
  report.set_place(minutes.place);
  report.set_body(minutes.body);
  report.set_attendees(static_cast<int32_t>(minutes.attendees.size()));
  report.set_items(static_cast<int32_t>(minutes.items.size()));
  report.set_remarks(static_cast<int32_t>(minutes.remarks.size()));
  int32_t resolved = 0, unresolved = 0, outcomes = 0;
  for (const ingest::Remark& r : minutes.remarks) {
    if (!r.person.empty()) {
      ++resolved;
    } else if (!r.speaker_label.empty() && !r.from_heading) {
      ++unresolved;
    }
  }
  for (const ingest::Item& i : minutes.items) {
    outcomes += i.outcome != ingest::Outcome::kUnspecified;
  }
  report.set_speakers_resolved(resolved);
  report.set_speakers_unresolved(unresolved);
  report.set_items_with_outcome(outcomes);
  report.set_warning_count(static_cast<int32_t>(minutes.warnings.size()));
  for (const auto& warning : minutes.warnings) {
    if (report.warnings_size() >= kMaxReportedWarnings) break;
    *report.add_warnings() = WarningToWire(warning);
  }
  return report;
}

void FillImportResponse(const ingest::ImportResult& imported, bool planned,
                        size_t& budget, v1::ImportMinutesResponse* response) {
  std::map<std::string, v1::ImportedMeeting*> by_meeting;
  for (const ingest::ParsedMinutes& minutes : imported.minutes) {
    v1::ImportedMeeting* meeting = response->add_meetings();
    meeting->set_meeting(storage::MeetingName(minutes.meeting_id));
    meeting->set_title(minutes.title);
    meeting->set_items(static_cast<int32_t>(minutes.items.size()));
    meeting->set_remarks(static_cast<int32_t>(minutes.remarks.size()));
    meeting->set_people(static_cast<int32_t>(minutes.attendees.size()));
    *meeting->mutable_report() = BuildQualityReport(minutes);
    // The first warnings again as text ("line 12: ..."), for older clients.
    for (int i = 0; i < meeting->report().warnings_size(); ++i) {
      meeting->add_warnings(ingest::FormatWarning(minutes.warnings[i]));
    }
    const size_t size = meeting->ByteSizeLong();
    budget = size < budget ? budget - size : 0;
    by_meeting[meeting->meeting()] = meeting;
  }
  // Report links from the mutation itself: what is reported is exactly what
  // is stored. Each is counted; the first ones that fit are listed.
  int32_t nodes = 0, edges = 0;
  for (const Mutation::Op& op : imported.mutation.ops()) {
    if (op.type == Mutation::Op::Type::kUpsertNode) {
      ++nodes;
      if (planned && !AddWithin(response->mutable_planned_nodes(), ToWire(imported.mutation.node(op)), budget)) {
        response->set_truncated(true);
      }
      continue;
    }
    if (op.type != Mutation::Op::Type::kUpsertEdge) continue;
    ++edges;
    if (planned && !AddWithin(response->mutable_planned_edges(),
                              ToWire(imported.mutation.edge(op), op.edge_kind, op.name, op.target), budget)) {
      response->set_truncated(true);
    }
    if (!IsLink(op.edge_kind)) continue;
    auto meeting = by_meeting.find(storage::MeetingOf(op.name));
    if (meeting == by_meeting.end()) {
      // A remark of an earlier import that this meeting's matter completes.
      meeting = by_meeting.find(storage::MeetingOf(op.target));
      if (meeting == by_meeting.end() && !by_meeting.empty()) meeting = by_meeting.begin();
      if (meeting == by_meeting.end()) continue;
    }
    v1::ImportedMeeting* m = meeting->second;
    m->set_link_count(m->link_count() + 1);
    if (!AddWithin(m->mutable_links(), ToWire(imported.mutation.edge(op), op.edge_kind, op.name, op.target),
                   budget)) {
      response->set_truncated(true);
    }
  }
  if (planned) {
    response->set_planned_node_count(nodes);
    response->set_planned_edge_count(edges);
  }
}

}  // namespace remarkgraph::service
