// Speaker markers and labels: what makes a line open a remark, what role a
// label names, and how labels resolve to attendees. Internal to ingest/.
#ifndef REMARKGRAPH_INGEST_SPEAKER_LABELS_H_
#define REMARKGRAPH_INGEST_SPEAKER_LABELS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/minutes.h"

namespace remarkgraph::ingest::internal {

// A marker line split into label and text; positions are in the NFKC line
// given (after the ○ for circle markers). text_begin 0 means no text.
struct SplitMarker {
  std::u32string label;
  size_t label_end = 0;
  size_t text_begin = 0;
};

// "後藤本部員" or "丸川大臣　それでは…": the label, and where text follows.
SplitMarker SplitCircleMarker(std::u32string_view after_circle);

// "委員： 本文" / "事務局（山田課長）：": a colon marker, when the part before
// the colon is a speaker (a role word, or an attendee's surname) and not the
// start of a sentence. `line` is NFKC. nullopt if the line is not a marker.
std::optional<SplitMarker> SplitColonMarker(
    std::u32string_view line, const std::vector<Attendee>& attendees);

// Whether NFKC `label` ends in a role word (委員, 事務局, 大臣, 本部長, ...).
bool IsRoleLabel(std::u32string_view label);

// The agenda kind an 【…】 bracket announces (決定事項 -> decision,
// 報告事項 -> report, 議題 -> discussion), or kUnspecified.
ItemKind ClassifyAgendaBracket(std::u32string_view inner);

// The role word a label ends with (本部員, 委員長, 審議官), or the label.
std::u32string RoleOf(std::u32string_view label);

// "後藤 厚宏" -> "後藤": the family name of an attendee.
std::u32string Surname(std::u32string_view name);

// Whether the label names a secretariat (事務局, 事務局（○○課長）).
bool IsSecretariatLabel(std::u32string_view label);

// Whether the role is the meeting's chair (本部長, 委員長, 座長, 議長, 会長).
bool IsChairRole(std::u32string_view role);

}  // namespace remarkgraph::ingest::internal

#endif  // REMARKGRAPH_INGEST_SPEAKER_LABELS_H_
