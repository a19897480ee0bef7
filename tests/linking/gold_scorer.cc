#include "tests/linking/gold_scorer.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "ingest/text_util.h"

namespace remarkgraph::ingest::testing {
namespace {

// NFKC without white space: how texts are compared.
std::string Canon(const std::string& s) {
  std::string n = internal::NfkcUtf8(s);
  std::string out;
  for (char c : n) {
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r') out.push_back(c);
  }
  return out;
}

using Triple = std::tuple<std::string, std::string, std::string>;

std::string Show(const Triple& t) {
  return absl::StrCat(std::get<0>(t), " -", std::get<2>(t), "-> ", std::get<1>(t));
}

}  // namespace

void Score::Add(const Score& o) {
  header_total += o.header_total;
  header_right += o.header_right;
  attendees += o.attendees;
  attendees_found += o.attendees_found;
  attendees_extra += o.attendees_extra;
  items += o.items;
  items_right += o.items_right;
  remarks += o.remarks;
  remarks_found += o.remarks_found;
  speakers_right += o.speakers_right;
  tp += o.tp;
  fp += o.fp;
  fn += o.fn;
  stance_total += o.stance_total;
  stance_right += o.stance_right;
  section_total += o.section_total;
  section_right += o.section_right;
}

Score ScoreMeeting(const nlohmann::json& root, const nlohmann::json& gold,
                   const std::map<std::string, const ParsedMinutes*>& all) {
  Score score;
  const std::string key = gold["key"];
  const ParsedMinutes& m = *all.at(key);
  // Header fields.
  const std::pair<const char*, const std::string*> fields[] = {
      {"title", &m.title},           {"body", &m.body},
      {"date", &m.date},             {"start_time", &m.start_time},
      {"end_time", &m.end_time},     {"place", &m.place}};
  for (const auto& [field, value] : fields) {
    if (!gold.contains(field)) continue;
    ++score.header_total;
    if (Canon(*value) == Canon(gold[field])) {
      ++score.header_right;
    } else {
      score.details.push_back(absl::StrCat(field, ": got '", *value, "', want '",
                                           std::string(gold[field]), "'"));
    }
  }
  // Attendees: by name (spaces and variants aside), or by count.
  if (gold.contains("attendees")) {
    std::set<std::string> want, got;
    for (const auto& a : gold["attendees"]) want.insert(Canon(a));
    for (const Attendee& a : m.attendees) got.insert(Canon(a.name));
    for (const auto& w : want) {
      ++score.attendees;
      if (got.count(w)) {
        ++score.attendees_found;
      } else {
        score.details.push_back("missing attendee " + w);
      }
    }
    for (const auto& g : got) {
      if (!want.count(g)) {
        ++score.attendees_extra;
        score.details.push_back("extra attendee " + g);
      }
    }
  } else if (gold.contains("attendee_count")) {
    int want = gold["attendee_count"];
    int got = static_cast<int>(m.attendees.size());
    score.attendees += want;
    score.attendees_found += std::min(want, got);
    score.attendees_extra += std::max(0, got - want);
    if (got != want) {
      score.details.push_back(absl::StrCat("attendees: got ", got, ", want ", want));
    }
  }
  // Items by title, with kind and outcome.
  std::map<int, std::string> item_key;
  for (const auto& gi : gold["items"]) {
    ++score.items;
    const Item* found = nullptr;
    for (const Item& i : m.items) {
      if (Canon(i.title) == Canon(gi["title"])) {
        item_key[i.ordinal] = gi["key"];
        found = &i;
      }
    }
    if (found == nullptr) {
      score.details.push_back(absl::StrCat("missing item ", std::string(gi["key"]),
                                           " (", std::string(gi["title"]), ")"));
      continue;
    }
    static constexpr const char* kKinds[] = {"unspecified", "decision", "report",
                                             "discussion"};
    static constexpr const char* kOutcomes[] = {"unspecified", "adopted", "rejected",
                                                "deferred"};
    std::string kind = kKinds[static_cast<int>(found->kind)];
    std::string outcome = kOutcomes[static_cast<int>(found->outcome)];
    bool kind_ok = !gi.contains("kind") || gi["kind"] == kind;
    bool outcome_ok = gi.value("outcome", std::string("unspecified")) == outcome;
    if (kind_ok && outcome_ok) {
      ++score.items_right;
    } else {
      score.details.push_back(absl::StrCat("item ", std::string(gi["key"]), ": got ",
                                           kind, "/", outcome));
    }
  }
  for (const Item& i : m.items) {
    if (!item_key.count(i.ordinal)) {
      score.details.push_back(absl::StrCat("extra item ", i.ordinal, " ", i.title));
    }
  }
  // Remarks by their first words.
  std::map<int, std::string> remark_key;
  for (const auto& gr : gold["remarks"]) {
    ++score.remarks;
    std::string starts = Canon(gr["starts"]);
    const Remark* found = nullptr;
    for (const Remark& r : m.remarks) {
      if (Canon(r.text).rfind(starts, 0) == 0) found = &r;
    }
    if (found == nullptr) {
      score.details.push_back(absl::StrCat("missing remark ", std::string(gr["key"]),
                                           " (", std::string(gr["starts"]), ")"));
      continue;
    }
    ++score.remarks_found;
    remark_key[found->ordinal] = gr["key"];
    bool label_ok = Canon(found->speaker_label) == Canon(gr["speaker_label"]);
    bool person_ok = true;
    if (gr.contains("person")) {
      bool optional = gr.value("person_optional", false);
      bool same = Canon(found->person) == Canon(gr["person"]);
      person_ok = same || (optional && found->person.empty());
    } else {
      person_ok = found->person.empty();
    }
    if (label_ok && person_ok) {
      ++score.speakers_right;
    } else {
      score.details.push_back(absl::StrCat(
          "speaker of ", std::string(gr["key"]), ": got ", found->speaker_label,
          " / ", found->person));
    }
  }
  for (const Remark& r : m.remarks) {
    if (!remark_key.count(r.ordinal)) {
      score.details.push_back(absl::StrCat("extra remark ", r.ordinal, " ",
                                           r.speaker_label, ": ",
                                           r.text.substr(0, 60)));
    }
  }
  // Predicted triples, in gold keys.
  auto name_of_remark = [&](int ordinal) {
    auto it = remark_key.find(ordinal);
    return it == remark_key.end() ? absl::StrCat("?R", ordinal) : it->second;
  };
  std::set<Triple> predicted;
  std::map<Triple, const Link*> by_triple;
  for (const Link& l : m.links) {
    std::string from = name_of_remark(l.remark);
    std::vector<std::string> targets;
    switch (l.target_type) {
      case TargetType::kItem: {
        auto it = item_key.find(std::stoi(l.target));
        targets.push_back(it == item_key.end() ? "?item" + l.target : it->second);
        break;
      }
      case TargetType::kRemark:
        targets.push_back(name_of_remark(std::stoi(l.target)));
        break;
      case TargetType::kDocument:
        targets.push_back("doc:" + l.target);
        break;
      case TargetType::kMatter:
        for (const auto& [other_key, other] : all) {
          if (other == &m) continue;
          for (const Item& i : other->items) {
            if (i.matter_id == l.target) {
              targets.push_back(absl::StrCat(other_key, "/#", i.ordinal));
            }
          }
        }
        if (targets.empty()) targets.push_back("matter:" + l.target);
        break;
    }
    for (const auto& t : targets) {
      Triple tr{from, t, std::string(LinkKindName(l.kind))};
      predicted.insert(tr);
      by_triple[tr] = &l;
    }
  }
  // Translate our "other/#n" to the gold "other/KEY" using titles.
  std::set<Triple> pred2;
  std::map<Triple, const Link*> by2;
  for (const auto& tr : predicted) {
    std::string t = std::get<1>(tr);
    size_t hash = t.find("/#");
    if (hash != std::string::npos) {
      std::string mk = t.substr(0, hash);
      int ord = std::stoi(t.substr(hash + 2));
      const ParsedMinutes* other = all.at(mk);
      const Item* item = other->FindItem(ord);
      for (const auto& gm : root["meetings"]) {
        if (gm["key"] != mk) continue;
        for (const auto& gi : gm["items"]) {
          if (item && Canon(gi["title"]) == Canon(item->title)) {
            t = absl::StrCat(mk, "/", std::string(gi["key"]));
          }
        }
      }
    }
    Triple nt{std::get<0>(tr), t, std::get<2>(tr)};
    pred2.insert(nt);
    by2[nt] = by_triple[tr];
  }
  std::set<Triple> required, optional;
  struct Group {
    std::string from, kind;
    std::vector<std::string> targets;
  };
  std::vector<Group> groups;
  struct Want {
    Triple t;
    std::string stance, section;
  };
  std::vector<Want> wants;
  for (const auto& gr : gold["remarks"]) {
    std::string from = gr["key"];
    std::set<std::string> grouped;
    if (gr.contains("at_least_one_of")) {
      Group g{from, "", {}};
      for (const auto& t : gr["at_least_one_of"]) {
        g.targets.push_back(t);
        grouped.insert(t);
      }
      for (const auto& l : gr["links"]) {
        if (grouped.count(l["to"])) g.kind = l["kind"];
      }
      groups.push_back(g);
    }
    for (const auto& l : gr["links"]) {
      Triple t{from, l["to"], l["kind"]};
      if (l.value("optional", false) || grouped.count(l["to"])) {
        optional.insert(t);
      } else {
        required.insert(t);
        wants.push_back({t, l.value("stance", ""), l.value("section", "")});
      }
    }
  }
  for (const auto& t : required) {
    if (pred2.count(t)) {
      ++score.tp;
    } else {
      ++score.fn;
      score.details.push_back("missed " + Show(t));
    }
  }
  for (const auto& g : groups) {
    bool hit = false;
    for (const auto& t : g.targets) hit = hit || pred2.count({g.from, t, g.kind});
    if (hit) {
      ++score.tp;
    } else {
      ++score.fn;
      score.details.push_back(absl::StrCat("missed group of ", g.from));
    }
  }
  for (const auto& t : pred2) {
    if (!required.count(t) && !optional.count(t)) {
      ++score.fp;
      const Link* l = by2[t];
      score.details.push_back(absl::StrCat(
          "false ", Show(t), l && !l->evidence.empty()
                                 ? absl::StrCat(" [", l->evidence[0].rule, ": ",
                                                l->evidence[0].quote, "]")
                                 : ""));
    }
  }
  for (const Want& w : wants) {
    const Link* l = pred2.count(w.t) ? by2[w.t] : nullptr;
    if (!w.stance.empty()) {
      ++score.stance_total;
      std::string got = l ? absl::AsciiStrToLower(std::string(storage::StanceName(l->stance))) : "none";
      if (got == w.stance) {
        ++score.stance_right;
      } else {
        score.details.push_back(absl::StrCat("stance of ", Show(w.t), ": got ", got,
                                             ", want ", w.stance));
      }
    }
    if (!w.section.empty()) {
      ++score.section_total;
      bool ok = false;
      for (const Evidence& e : l ? l->evidence : std::vector<Evidence>{}) {
        ok = ok || e.section == w.section;
      }
      if (ok) {
        ++score.section_right;
      } else {
        score.details.push_back(absl::StrCat("section ", w.section, " of ", Show(w.t),
                                             " not found"));
      }
    }
  }
  return score;
}

std::string FormatTable(const std::vector<std::pair<std::string, Score>>& rows) {
  std::string out = absl::StrFormat(
      "%-22s %7s %9s %9s %9s %9s %5s %5s %5s %6s %6s %6s %8s %8s\n", "meeting",
      "header", "attendees", "items", "remarks", "speakers", "tp", "fp", "fn", "prec",
      "recall", "f1", "stance", "section");
  for (const auto& [name, s] : rows) {
    absl::StrAppendFormat(
        &out,
        "%-22s %3d/%-3d %3d/%-3d%+3d %4d/%-4d %4d/%-4d %4d/%-4d %5d %5d %5d %6.3f %6.3f "
        "%6.3f %4d/%-3d %4d/%-3d\n",
        name, s.header_right, s.header_total, s.attendees_found, s.attendees,
        s.attendees_extra, s.items_right, s.items, s.remarks_found, s.remarks,
        s.speakers_right, s.remarks, s.tp, s.fp, s.fn, s.Precision(), s.Recall(),
        s.F1(), s.stance_right, s.stance_total, s.section_right, s.section_total);
  }
  return out;
}

}  // namespace remarkgraph::ingest::testing
