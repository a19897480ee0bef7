#include "ingest/speaker_labels.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "ingest/formats.h"
#include "ingest/names.h"
#include "ingest/text_util.h"

namespace remarkgraph::ingest::internal {
namespace {

// Longest first where one is a suffix of another.
constexpr std::u32string_view kRoles[] = {
    U"副本部長", U"本部長", U"本部員", U"副委員長", U"委員長", U"特別委員",
    U"委員",     U"事務局", U"副座長", U"座長",     U"副会長", U"部会長",
    U"会長",     U"副議長", U"議長",   U"審議官",   U"参事官", U"センター長",
    U"副長官補", U"課長補佐", U"局長",   U"課長",   U"室長",     U"部長",   U"副大臣",
    U"大臣",     U"政務官", U"長官",   U"次官",     U"補佐官", U"構成員",
    U"参考人",   U"説明者", U"有識者", U"オブザーバー", U"理事長", U"理事",
    U"准教授",   U"教授",   U"先生",   U"代表",     U"監",     U"副知事",
    U"知事",     U"副市長", U"市長",   U"副町長",   U"町長",   U"副村長",
    U"村長",     U"区長",   U"管理者", U"教育長",   U"館長",   U"所長",
    U"次長",     U"参与",   U"主幹",   U"係長",     U"主査",   U"院長",
    U"校長",     U"署長",   U"園長",   U"事務長",   U"議員",   U"専門員",
    U"氏",       U"君"};

std::u32string StripParenthetical(std::u32string_view label,
                                  std::u32string* inner) {
  std::u32string s(label);
  if (!s.empty() && s.back() == ')') {
    size_t open = s.rfind('(');
    if (open != s.npos && open > 0) {
      if (inner != nullptr) *inner = s.substr(open + 1, s.size() - open - 2);
      s.resize(open);
    }
  }
  return s;
}

}  // namespace

bool IsRoleLabel(std::u32string_view label) {
  std::u32string base = StripParenthetical(label, nullptr);
  if (base.find(U"事務局") != base.npos) return true;
  for (auto r : kRoles) {
    if (EndsWith(base, r)) return true;
  }
  return false;
}

std::u32string RoleOf(std::u32string_view label) {
  std::u32string inner;
  std::u32string base = StripParenthetical(label, &inner);
  if (!inner.empty() && IsRoleLabel(inner)) return inner;
  if (base.find(U"事務局") != base.npos) return U"事務局";
  for (auto r : kRoles) {
    if (EndsWith(base, r)) return std::u32string(r);
  }
  return base;
}

bool IsSecretariatLabel(std::u32string_view label) {
  return NormalizeNfkc(label).text.find(U"事務局") != std::u32string::npos;
}

bool IsChairRole(std::u32string_view role) {
  return role == U"本部長" || role == U"委員長" || role == U"座長" ||
         role == U"議長" || role == U"会長" || role == U"部会長";
}

std::u32string Surname(std::u32string_view name) {
  std::u32string_view t = Trim(name);
  for (size_t i = 0; i < t.size(); ++i) {
    if (IsSpace(t[i])) return std::u32string(t.substr(0, i));
  }
  return std::u32string(t);
}

SplitMarker SplitCircleMarker(std::u32string_view s) {
  SplitMarker m;
  size_t b = 0;
  while (b < s.size() && IsSpace(s[b])) ++b;
  s = s.substr(b);
  size_t sp = 0;
  while (sp < s.size() && !IsSpace(s[sp])) ++sp;
  if (sp < s.size()) {
    size_t rest = sp;
    while (rest < s.size() && IsSpace(s[rest])) ++rest;
    std::u32string_view tail = s.substr(rest);
    // "○丸川大臣　それでは…。": text follows the label on the same line.
    if (tail.size() > 12 || tail.find(U'。') != tail.npos ||
        tail.find(U'、') != tail.npos) {
      m.label = std::u32string(s.substr(0, sp));
      m.label_end = b + sp;
      m.text_begin = b + rest;
      return m;
    }
  }
  m.label = std::u32string(Trim(s));
  m.label_end = b + s.size();
  if (m.label.size() > 60 || m.label.find(U'。') != m.label.npos) m.label.clear();
  return m;
}

std::optional<SplitMarker> SplitColonMarker(
    std::u32string_view line, const std::vector<Attendee>& attendees) {
  size_t colon = line.find(':');
  if (colon == line.npos || colon == 0 || colon > 30) return std::nullopt;
  std::u32string_view label = Trim(line.substr(0, colon));
  if (label.empty()) return std::nullopt;
  for (char32_t c : label) {
    if (c == U'、' || c == U'。' || c == U'「' || c == U'」' || c == '\t') {
      return std::nullopt;
    }
  }
  std::u32string compact = RemoveSpaces(label);
  bool ok = IsRoleLabel(compact);
  for (size_t i = 0; !ok && i < attendees.size(); ++i) {
    std::u32string sur =
        NormalizeNfkc(Surname(DecodeUtf8(attendees[i].name).value_or(U""))).text;
    ok = !sur.empty() && StartsWith(compact, sur);
  }
  if (!ok) return std::nullopt;
  SplitMarker m;
  m.label = compact;
  m.label_end = colon;
  size_t t = colon + 1;
  while (t < line.size() && IsSpace(line[t])) ++t;
  m.text_begin = t;
  return m;
}

ItemKind ClassifyAgendaBracket(std::u32string_view inner) {
  std::u32string t = RemoveSpaces(inner);
  if (t.find(U"決定") != t.npos || t.find(U"審議事項") != t.npos ||
      t.find(U"議決") != t.npos || t.find(U"承認") != t.npos) {
    return ItemKind::kDecision;
  }
  if (t.find(U"報告") != t.npos) return ItemKind::kReport;
  if (t.find(U"議題") != t.npos || t.find(U"討議") != t.npos ||
      t.find(U"協議") != t.npos || t.find(U"議事") != t.npos) {
    return ItemKind::kDiscussion;
  }
  return ItemKind::kUnspecified;
}

void ResolveSpeakers(ParsedMinutes& minutes) {
  struct Known {
    std::u32string surname;
    std::u32string full;
    std::u32string title;
    size_t index;  // In minutes.attendees (which may grow below).
  };
  std::vector<Known> known;
  auto add_known = [&](size_t index) {
    const Attendee& a = minutes.attendees[index];
    std::u32string name = NormalizeNfkc(DecodeUtf8(a.name).value_or(U"")).text;
    known.push_back({FoldNameVariants(Surname(StripHonorific(name))),
                     PersonKey(name),
                     RemoveSpaces(NormalizeNfkc(DecodeUtf8(a.title).value_or(U"")).text),
                     index});
  };
  for (size_t i = 0; i < minutes.attendees.size(); ++i) add_known(i);
  // Warnings name the line a remark's body starts on (the marker's line, or
  // the one after it when the marker stands alone).
  const LineIndex lines(minutes.source_text);
  auto RemarkLine = [&lines](const ParsedMinutes&, const Remark& r) {
    return lines.LineOf(r.span.begin);
  };
  auto attendee = [&](const Known* k) -> const Attendee& {
    return minutes.attendees[k->index];
  };
  std::vector<Remark*> misprinted;  // Chair titles taken as misprints.
  for (Remark& r : minutes.remarks) {
    std::u32string label = FoldNameVariants(
        RemoveSpaces(NormalizeNfkc(DecodeUtf8(r.speaker_label).value_or(U"")).text));
    std::u32string inner;
    std::u32string base = StripParenthetical(label, &inner);
    base = std::u32string(StripHonorific(base));
    // ○議長(山田太郎君): the person is inside, the role outside.
    bool inner_is_name = !inner.empty() && LooksLikePersonName(StripHonorific(inner));
    std::u32string who = inner_is_name ? PersonKey(inner) : base;
    const Known* best = nullptr;
    int candidates = 0;
    for (const Known& k : known) {
      if (k.surname.empty() || !StartsWith(who, k.surname)) continue;
      if (StartsWith(who, k.full)) {  // The full name beats a surname.
        best = &k;
        candidates = 1;
        break;
      }
      std::u32string rest = who.substr(k.surname.size());
      if (best == nullptr || k.surname.size() > best->surname.size()) {
        best = &k;
        candidates = 1;
      } else if (k.surname == best->surname) {
        ++candidates;
        if (!rest.empty() && k.title.find(RoleOf(rest)) != k.title.npos) best = &k;
      }
    }
    if (best != nullptr && candidates > 1) {
      minutes.warnings.push_back({RemarkLine(minutes, r), absl::StrCat(
          "remark ", r.ordinal, ": speaker ", r.speaker_label,
          " matches several attendees by surname; chose ",
          attendee(best).name)});
    }
    if (best == nullptr && !inner_is_name) {
      // A name printed without a space ("高橋誠") has no known surname: the
      // label's name part must begin exactly one attendee's name.
      std::u32string role = RoleOf(base);
      std::u32string name_part =
          EndsWith(base, role) ? base.substr(0, base.size() - role.size()) : base;
      if (name_part.size() >= 2) {
        for (const Known& k : known) {
          if (!StartsWith(k.full, name_part)) continue;
          if (best != nullptr) {
            best = nullptr;
            break;
          }
          best = &k;
        }
      }
    }
    if (best == nullptr && inner_is_name) {
      // The label prints the full name: the person spoke, so attended.
      Attendee a;
      a.name = EncodeUtf8(CleanPersonName(inner));
      a.title = EncodeUtf8(RoleOf(base));
      minutes.attendees.push_back(std::move(a));
      add_known(minutes.attendees.size() - 1);
      best = &known.back();
    }
    if (best == nullptr && !base.empty() && IsRoleLabel(base)) {
      // A bare role (○議長, 生涯学習課長:) held by exactly one attendee.
      for (const Known& k : known) {
        if (k.title != base) continue;
        best = best == nullptr ? &k : nullptr;
        if (best == nullptr) break;
      }
      if (best != nullptr) {
        r.person = attendee(best).name;
        r.role = EncodeUtf8(base);
        continue;
      }
    }
    if (best == nullptr) {
      r.role = EncodeUtf8(RoleOf(base));
      if (!IsRoleLabel(base) || RoleOf(base) != base) {
        minutes.warnings.push_back({RemarkLine(minutes, r), absl::StrCat(
            "remark ", r.ordinal, ": speaker ", r.speaker_label,
            " is not in the attendee list; kept as a label")});
      }
      continue;
    }
    r.person = attendee(best).name;
    if (inner_is_name) {
      r.role = EncodeUtf8(RoleOf(base));
      continue;
    }
    // What follows the name in the label (its role). A match by the start
    // of a name printed without a space leaves the label's role.
    std::u32string rest;
    if (StartsWith(base, best->full)) {
      rest = base.substr(best->full.size());
    } else if (StartsWith(base, best->surname)) {
      rest = base.substr(best->surname.size());
    } else if (EndsWith(base, RoleOf(base))) {
      rest = RoleOf(base);
    }
    std::u32string role = RoleOf(rest + (inner.empty() ? U"" : U"(" + inner + U")"));
    r.role = EncodeUtf8(role.empty() ? rest : role);
    std::u32string rest_role = RoleOf(rest);
    if (!rest.empty() && IsChairRole(rest_role) &&
        best->title.find(rest_role) == std::u32string::npos) {
      minutes.warnings.push_back({RemarkLine(minutes, r), absl::StrCat(
          "remark ", r.ordinal, ": speaker ", r.speaker_label,
          " carries the title ", EncodeUtf8(rest_role), " but ",
          attendee(best).name, " is listed as ", attendee(best).title,
          "; taken as a misprint")});
      r.role.clear();  // Filled below with the members' role.
      misprinted.push_back(&r);
    }
  }
  // A misprinted chair title takes the role most other named speakers have
  // (本部員 among 本部員), not the chair's.
  // Counted by distinct people: a vice-chair speaking often is one person.
  std::vector<std::pair<std::string, int>> counts;
  std::vector<std::pair<std::string, std::string>> seen;  // (role, person)
  for (const Remark& r : minutes.remarks) {
    if (r.person.empty() || r.role.empty()) continue;
    if (IsChairRole(DecodeUtf8(r.role).value_or(U""))) continue;
    if (std::find(seen.begin(), seen.end(), std::make_pair(r.role, r.person)) !=
        seen.end()) {
      continue;
    }
    seen.emplace_back(r.role, r.person);
    auto it = std::find_if(counts.begin(), counts.end(),
                           [&](const auto& c) { return c.first == r.role; });
    if (it == counts.end()) {
      counts.push_back({r.role, 1});
    } else {
      ++it->second;
    }
  }
  std::string common;
  int most = 0;
  for (const auto& [role, n] : counts) {
    if (n > most) {
      most = n;
      common = role;
    }
  }
  // Only the misprints: a name alone (髙橋君:) has no role to fill.
  for (Remark* r : misprinted) r->role = common;
}

}  // namespace remarkgraph::ingest::internal
