#include "storage/schema.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "common/strings.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "common/status_macros.h"

namespace remarkgraph::storage {
namespace {

constexpr std::array<std::string_view, kMaxNodeKind + 1> kNodeKindNames = {
    "NODE_KIND_UNSPECIFIED", "BODY",   "MEETING",  "ITEM", "MATTER",
    "REMARK",                "PERSON", "DOCUMENT", "TOPIC"};

constexpr std::array<std::string_view, kMaxEdgeKind + 1> kEdgeKindNames = {
    "EDGE_KIND_UNSPECIFIED", "HELD_BY",    "HAS_ITEM",   "ABOUT",
    "ATTENDED",              "IN_MEETING", "SPOKEN_BY",  "REFERENCES",
    "ADOPTS",                "CITES",      "REPLIES_TO", "REFERS_TO",
    "AGREES_WITH",           "MENTIONS"};

constexpr std::array<std::string_view, kMaxStance + 1> kStanceNames = {
    "STANCE_UNSPECIFIED", "SUPPORT", "CONCERN", "QUESTION", "OPPOSE"};

// Collection segment of each top-level kind.
struct Collection {
  std::string_view segment;
  NodeKind kind;
};
constexpr std::array<Collection, 6> kTopLevel = {{
    {"bodies", NodeKind::kBody},
    {"meetings", NodeKind::kMeeting},
    {"matters", NodeKind::kMatter},
    {"people", NodeKind::kPerson},
    {"documents", NodeKind::kDocument},
    {"topics", NodeKind::kTopic},
}};

// Upper-cases ASCII and strips an API enum prefix such as `NODE_KIND_`.
std::string CanonicalEnumText(std::string_view text, std::string_view prefix) {
  std::string upper = absl::AsciiStrToUpper(Sv(text));
  if (upper.starts_with(prefix)) upper.erase(0, prefix.size());
  return upper;
}

template <typename Enum, size_t N>
std::optional<Enum> ParseEnum(std::string_view text,
                              const std::array<std::string_view, N>& names,
                              std::string_view prefix) {
  const std::string wanted = CanonicalEnumText(text, prefix);
  for (size_t i = 1; i < N; ++i) {
    if (names[i] == wanted) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

// Decodes one UTF-8 sequence at `pos`; returns its length or 0 if invalid.
size_t Utf8SequenceLength(std::string_view text, size_t pos, char32_t* out) {
  const auto byte = [&](size_t i) {
    return static_cast<unsigned char>(text[i]);
  };
  const unsigned char lead = byte(pos);
  size_t length;
  char32_t code;
  if (lead < 0x80) {
    *out = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code = lead & 0x07;
  } else {
    return 0;
  }
  if (pos + length > text.size()) return 0;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(pos + i) & 0x3F);
  }
  // Reject overlong forms, surrogates and values past U+10FFFF.
  static constexpr char32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < kMinForLength[length] || code > 0x10FFFF ||
      (code >= 0xD800 && code <= 0xDFFF)) {
    return 0;
  }
  *out = code;
  return length;
}

bool IsForbiddenInId(char32_t c) {
  return c < 0x20 || c == 0x7F || c == '/' || c == ' ' ||
         (c >= 0x80 && c <= 0x9F) || c == 0x3000 /* ideographic space */ ||
         c == 0xFEFF || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 ||
         c == 0x2029;
}

absl::Status ValidateId(std::string_view id, std::string_view name,
                        std::string_view field) {
  if (id.empty()) {
    return absl::InvalidArgumentError(
        StrCat(field, ": resource name '", name, "' has an empty id"));
  }
  if (id.size() > kMaxIdBytes) {
    return absl::InvalidArgumentError(
        StrCat(field, ": an id of resource name '", name.substr(0, 64),
                     "...' is longer than ", kMaxIdBytes, " bytes"));
  }
  for (size_t pos = 0; pos < id.size();) {
    char32_t c;
    const size_t length = Utf8SequenceLength(id, pos, &c);
    if (length == 0) {
      return absl::InvalidArgumentError(
          StrCat(field, ": resource name is not valid UTF-8"));
    }
    if (IsForbiddenInId(c)) {
      return absl::InvalidArgumentError(
          StrCat(field, ": resource name '", name,
                       "' has white space or a control character in an id"));
    }
    pos += length;
  }
  return absl::OkStatus();
}

}  // namespace

std::string_view NodeKindName(NodeKind kind) {
  const auto i = static_cast<size_t>(kind);
  return i < kNodeKindNames.size() ? kNodeKindNames[i] : "NODE_KIND_UNKNOWN";
}
std::string_view EdgeKindName(EdgeKind kind) {
  const auto i = static_cast<size_t>(kind);
  return i < kEdgeKindNames.size() ? kEdgeKindNames[i] : "EDGE_KIND_UNKNOWN";
}
std::string_view StanceName(Stance stance) {
  const auto i = static_cast<size_t>(stance);
  return i < kStanceNames.size() ? kStanceNames[i] : "STANCE_UNKNOWN";
}

std::optional<NodeKind> ParseNodeKind(std::string_view text) {
  return ParseEnum<NodeKind>(text, kNodeKindNames, "NODE_KIND_");
}
std::optional<EdgeKind> ParseEdgeKind(std::string_view text) {
  return ParseEnum<EdgeKind>(text, kEdgeKindNames, "EDGE_KIND_");
}
std::optional<Stance> ParseStance(std::string_view text) {
  return ParseEnum<Stance>(text, kStanceNames, "STANCE_");
}

absl::StatusOr<ResourceName> ParseResourceName(std::string_view name,
                                               std::string_view field) {
  if (name.empty()) {
    return absl::InvalidArgumentError(StrCat(field, ": is required"));
  }
  if (!IsValidUtf8(name)) {
    return absl::InvalidArgumentError(
        StrCat(field, ": resource name is not valid UTF-8"));
  }
  std::vector<std::string_view> parts;
  for (absl::string_view part : absl::StrSplit(Sv(name), '/')) {
    parts.push_back(StdSv(part));
  }
  ResourceName parsed;
  if (parts.size() == 2) {
    for (const Collection& collection : kTopLevel) {
      if (parts[0] == collection.segment) parsed.kind = collection.kind;
    }
    if (parsed.kind != NodeKind::kUnspecified) {
      if (absl::Status s = ValidateId(parts[1], name, field); !s.ok()) return s;
      parsed.id = std::string(parts[1]);
      return parsed;
    }
  } else if (parts.size() == 4 && parts[0] == "meetings" &&
             (parts[2] == "items" || parts[2] == "remarks")) {
    parsed.kind = parts[2] == "items" ? NodeKind::kItem : NodeKind::kRemark;
    if (absl::Status s = ValidateId(parts[1], name, field); !s.ok()) return s;
    if (absl::Status s = ValidateId(parts[3], name, field); !s.ok()) return s;
    parsed.meeting_id = std::string(parts[1]);
    parsed.id = std::string(parts[3]);
    return parsed;
  }
  return absl::InvalidArgumentError(StrCat(
      field, ": '", name.substr(0, 200),
      "' is not a resource name (expected bodies/{id}, meetings/{id}, "
      "meetings/{id}/items/{id}, meetings/{id}/remarks/{id}, matters/{id}, "
      "people/{id}, documents/{id} or topics/{id})"));
}

std::string MeetingName(std::string_view meeting_id) {
  return StrCat("meetings/", meeting_id);
}
std::string ItemName(std::string_view meeting_id, std::string_view item_id) {
  return StrCat("meetings/", meeting_id, "/items/", item_id);
}
std::string RemarkName(std::string_view meeting_id,
                       std::string_view remark_id) {
  return StrCat("meetings/", meeting_id, "/remarks/", remark_id);
}

std::string MeetingOf(std::string_view name) {
  if (!name.starts_with("meetings/")) return "";
  const size_t slash = name.find('/', sizeof("meetings/") - 1);
  return std::string(name.substr(0, slash));
}

bool EdgeFits(EdgeKind kind, NodeKind source, NodeKind target) {
  using K = NodeKind;
  switch (kind) {
    case EdgeKind::kHeldBy:
      return source == K::kMeeting && target == K::kBody;
    case EdgeKind::kHasItem:
      return source == K::kMeeting && target == K::kItem;
    case EdgeKind::kAbout:
      return source == K::kItem && target == K::kMatter;
    case EdgeKind::kAttended:
      return source == K::kPerson && target == K::kMeeting;
    case EdgeKind::kInMeeting:
      return source == K::kRemark && target == K::kMeeting;
    case EdgeKind::kSpokenBy:
      return source == K::kRemark && target == K::kPerson;
    case EdgeKind::kReferences:
      return source == K::kRemark &&
             (target == K::kItem || target == K::kMatter);
    case EdgeKind::kAdopts:
      return source == K::kRemark && target == K::kItem;
    case EdgeKind::kCites:
      return source == K::kRemark && target == K::kDocument;
    case EdgeKind::kRepliesTo:
    case EdgeKind::kRefersTo:
    case EdgeKind::kAgreesWith:
      return source == K::kRemark && target == K::kRemark;
    case EdgeKind::kMentions:
      return source == K::kRemark && target == K::kTopic;
    case EdgeKind::kUnspecified:
      return false;
  }
  return false;
}

std::string EdgeSignature(EdgeKind kind) {
  std::vector<std::string> sources, targets;
  for (int s = 1; s <= kMaxNodeKind; ++s) {
    for (int t = 1; t <= kMaxNodeKind; ++t) {
      if (!EdgeFits(kind, static_cast<NodeKind>(s), static_cast<NodeKind>(t)))
        continue;
      const std::string source(NodeKindName(static_cast<NodeKind>(s)));
      const std::string target(NodeKindName(static_cast<NodeKind>(t)));
      if (std::find(sources.begin(), sources.end(), source) == sources.end())
        sources.push_back(source);
      if (std::find(targets.begin(), targets.end(), target) == targets.end())
        targets.push_back(target);
    }
  }
  return StrCat(absl::StrJoin(sources, "|"), " -> ",
                      absl::StrJoin(targets, "|"));
}

bool IsValidUtf8(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    char32_t c;
    const size_t length = Utf8SequenceLength(text, pos, &c);
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

namespace {

bool AllDigits(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace

bool IsValidDate(std::string_view date) {
  absl::CivilDay day;
  return date.size() == 10 && date[4] == '-' && date[7] == '-' &&
         AllDigits(date.substr(0, 4)) && AllDigits(date.substr(5, 2)) &&
         AllDigits(date.substr(8, 2)) && absl::ParseCivilTime(Sv(date), &day) &&
         absl::FormatCivilTime(day) == Sv(date);
}

bool IsValidTime(std::string_view time) {
  return time.size() == 5 && time[2] == ':' && AllDigits(time.substr(0, 2)) &&
         AllDigits(time.substr(3, 2)) && (time[0] - '0') * 10 + (time[1] - '0') <= 23 &&
         (time[3] - '0') * 10 + (time[4] - '0') <= 59;
}

}  // namespace remarkgraph::storage
