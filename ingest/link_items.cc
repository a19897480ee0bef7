// Remark -> item, document and section links; adoptions; stance.
#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "ingest/ids.h"
#include "ingest/link_internal.h"
#include "ingest/speaker_labels.h"
#include "ingest/votes.h"

namespace remarkgraph::ingest::internal {
namespace {

using storage::Stance;

bool Contains(std::u32string_view s, std::u32string_view w) {
  return s.find(w) != s.npos;
}

bool ContainsAny(std::u32string_view s,
                 std::initializer_list<std::u32string_view> words) {
  for (auto w : words) {
    if (Contains(s, w)) return true;
  }
  return false;
}

std::u32string_view TrimEnd(std::u32string_view s) {
  while (!s.empty() && (IsSentenceEnd(s.back()) || IsSpace(s.back()) ||
                        s.back() == U'」' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

bool IsVoteCall(std::u32string_view s) {
  return ContainsAny(s, {U"異議はないか", U"異議ないか", U"異議ありませんか",
                         U"異議ございませんか", U"御異議ございませんか",
                         U"よろしいか", U"よろしいでしょうか"});
}


Stance StanceWords(std::u32string_view s) {
  if (ContainsAny(s, {U"反対する", U"反対である", U"反対です", U"反対いたし",
                      U"反対しま", U"賛成できない", U"賛同できない",
                      U"賛成しかねる"})) {
    return Stance::kOppose;
  }
  if (ContainsAny(s, {U"は問題で", U"は問題だ", U"は問題と", U"が問題で",
                      U"が問題だ", U"懸念す", U"懸念して", U"懸念があ",
                      U"懸念が残", U"懸念を持", U"懸念を抱", U"危惧",
                      U"疑問が", U"疑問を"})) {
    // 懸念され(ていた) reports others' worry, not the speaker's stance.
    return Stance::kConcern;
  }
  if (ContainsAny(s, {U"賛成", U"賛同", U"異論はな", U"異論がな", U"異論な",
                      U"異存な", U"異存はな", U"異存がな", U"支持する",
                      U"評価する", U"評価しま", U"評価してい", U"評価でき", U"高く評価",
                      U"意義がある", U"意義深", U"歓迎", U"よくできて",
                      U"良くできて", U"同意する"})) {
    return Stance::kSupport;
  }
  return Stance::kUnspecified;
}

bool IsLatin(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool IsDash(char32_t c) {
  return c == '-' || c == U'‐' || c == U'－' || c == U'―' || c == U'ー' ||
         c == U'−' || c == U'–';
}

// "III-1", "IV" (NFKC of Ⅲ－１, Ⅳ) at i: the normalised section and its end.
std::optional<std::pair<std::string, size_t>> SectionAt(std::u32string_view n,
                                                        size_t i) {
  if (i > 0 && IsLatin(n[i - 1])) return std::nullopt;
  size_t e = i;
  while (e < n.size() && (n[e] == 'I' || n[e] == 'V' || n[e] == 'X') &&
         e - i < 4) {
    ++e;
  }
  if (e == i || (e < n.size() && IsLatin(n[e]))) return std::nullopt;
  static const std::vector<std::u32string> kRoman = {
      U"I", U"II", U"III", U"IV", U"V", U"VI", U"VII", U"VIII", U"IX", U"X",
      U"XI", U"XII"};
  auto it = std::find(kRoman.begin(), kRoman.end(), n.substr(i, e - i));
  if (it == kRoman.end()) return std::nullopt;
  std::u32string out(1, static_cast<char32_t>(0x2160 + (it - kRoman.begin())));
  if (e + 1 < n.size() && IsDash(n[e]) && IsAsciiDigit(n[e + 1])) {
    size_t d = e + 1;
    out.push_back(U'－');
    while (d < n.size() && IsAsciiDigit(n[d])) {
      out.push_back(static_cast<char32_t>(0xFF10 + (n[d] - '0')));
      ++d;
    }
    e = d;
  }
  return std::make_pair(EncodeUtf8(out), e);
}

struct Count {
  ItemKind kind;
  size_t begin, end;
};

// 決定事項2件, 2件の決定事項, 2件について (when that is every decision).
std::vector<Count> FindCounts(std::u32string_view n, int decisions, int reports) {
  std::vector<Count> out;
  for (size_t p = n.find(U'件'); p != n.npos; p = n.find(U'件', p + 1)) {
    size_t b = p;
    while (b > 0 && (IsAsciiDigit(n[b - 1]) ||
                     std::u32string_view(U"一二三四五六七八九十両").find(n[b - 1]) !=
                         std::u32string_view::npos)) {
      --b;
    }
    if (b == p) continue;
    std::u32string num(n.substr(b, p - b));
    int value = num == U"両" ? 2 : ParseJapaneseNumber(num).value_or(-1);
    std::u32string_view before = n.substr(b >= 4 ? b - 4 : 0, b >= 4 ? 4 : b);
    std::u32string_view after = n.substr(p + 1, 6);
    ItemKind kind = ItemKind::kUnspecified;
    size_t begin = b, end = p + 1;
    if (EndsWith(before, U"決定事項") || StartsWith(after, U"の決定事項")) {
      kind = ItemKind::kDecision;
    } else if (EndsWith(before, U"報告事項") || StartsWith(after, U"の報告事項")) {
      kind = ItemKind::kReport;
    } else if ((StartsWith(after, U"について") || StartsWith(after, U"とも")) &&
               value == decisions && decisions >= 2) {
      kind = ItemKind::kDecision;
    }
    if (kind == ItemKind::kUnspecified) continue;
    int expected = kind == ItemKind::kDecision ? decisions : reports;
    if (value != expected) continue;
    if (EndsWith(before, U"決定事項") || EndsWith(before, U"報告事項")) begin -= 4;
    if (StartsWith(after, U"の決定事項") || StartsWith(after, U"の報告事項")) end += 5;
    out.push_back({kind, begin, end});
  }
  return out;
}

}  // namespace

bool IsQuestionSentence(std::u32string_view sentence) {
  if (Contains(sentence, U"?")) return true;
  std::u32string_view s = TrimEnd(sentence);
  if (s.empty()) return false;
  if (s.back() == U'か') return true;
  for (auto e : {U"伺いたい", U"お伺いしたい", U"聞きたい", U"お聞きしたい",
                 U"教えていただきたい", U"教えてほしい", U"伺えればと思う",
                 U"お聞かせいただきたい", U"いかがか", U"伺います", U"伺いたいと思います",
                 U"お尋ねします", U"お尋ねいたします", U"お聞きします", U"お聞きいたします"}) {
    if (EndsWith(s, e)) return true;
  }
  return false;
}

storage::Stance SentenceStance(const RemarkView& view, size_t s,
                               bool next_names_item) {
  const auto& sents = view.sentences();
  std::u32string_view sent =
      view.n().substr(sents[s].first, sents[s].second - sents[s].first);
  if (IsVoteCall(sent)) return Stance::kUnspecified;
  Stance st = StanceWords(sent);
  if (st != Stance::kUnspecified) return st;
  if (IsQuestionSentence(sent)) return Stance::kQuestion;
  if (!next_names_item && s + 1 < sents.size()) {
    std::u32string_view next = view.n().substr(
        sents[s + 1].first, sents[s + 1].second - sents[s + 1].first);
    if (!IsVoteCall(next)) return StanceWords(next);
  }
  return Stance::kUnspecified;
}

std::vector<Mention> FindItemMentions(const RemarkView& view,
                                      const std::vector<ItemForms>& forms,
                                      const std::vector<Item>& items) {
  std::u32string_view n = view.n();
  std::vector<Mention> found;
  for (const ItemForms& f : forms) {
    for (const SurfaceForm& form : f.forms) {
      for (size_t p = n.find(form.text); p != n.npos;
           p = n.find(form.text, p + 1)) {
        size_t e = p + form.text.size();
        char32_t first = form.text.front(), last = form.text.back();
        char32_t before = p > 0 ? n[p - 1] : U' ';
        char32_t after = e < n.size() ? n[e] : U' ';
        if (form.left_boundary && IsKanji(before)) continue;
        if (IsKatakana(first) && IsKatakana(before)) continue;
        if (IsKanji(last) && IsKanji(after)) continue;
        if (IsKatakana(last) && IsKatakana(after)) continue;
        if (form.text == U"資料" && (IsAsciiDigit(after) || IsKanji(before))) {
          continue;
        }
        found.push_back({f.item, p, e, form.rule, form.confidence, form.material});
      }
    }
  }

  // Longest first at each position; drop overlapping shorter matches.
  std::sort(found.begin(), found.end(), [](const Mention& a, const Mention& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end - a.begin != b.end - b.begin) return a.end - a.begin > b.end - b.begin;
    return a.confidence > b.confidence;
  });
  // Sorted by begin, a match overlaps a kept one exactly when it starts
  // before the furthest end kept so far.
  std::vector<Mention> kept;
  size_t kept_end = 0;
  for (const Mention& m : found) {
    if (!kept.empty() && m.begin < kept_end) continue;
    kept.push_back(m);
    kept_end = std::max(kept_end, m.end);
  }
  // Agenda numbers, also inside lists and ranges (議案第45号及び第46号,
  // 議案第45号から第47号まで): each number names its item, unless the words
  // already name it there.
  if (std::any_of(forms.begin(), forms.end(),
                  [](const ItemForms& f) { return !f.numbers.empty(); })) {
    const size_t literal = kept.size();  // Sorted by begin, disjoint.
    for (const ItemNumber& num : FindItemNumbers(n)) {
      auto next = std::upper_bound(
          kept.begin(), kept.begin() + literal, num.begin,
          [](size_t pos, const Mention& m) { return pos < m.begin; });
      const int covering =
          next != kept.begin() && std::prev(next)->end > num.begin ? std::prev(next)->item : 0;
      for (const ItemForms& f : forms) {
        if (std::find(f.numbers.begin(), f.numbers.end(), num.key) == f.numbers.end()) {
          continue;
        }
        if (covering == f.item) continue;
        kept.push_back({f.item, num.begin, num.end, "agenda-number", 0.95f, false});
      }
    }
  }
  // (item, sentence) pairs already named, for the partial titles below.
  std::set<std::pair<int, size_t>> named_in;
  for (const Mention& k : kept) named_in.emplace(k.item, view.SentenceOf(k.begin));
  // Partial titles: two distinctive chunks of one title in one sentence.
  for (size_t si = 0; si < view.sentences().size(); ++si) {
    const auto [sb, se] = view.sentences()[si];
    std::u32string_view sent = n.substr(sb, se - sb);
    for (const ItemForms& f : forms) {
      size_t first = sent.size(), last = 0;
      int hits = 0;
      for (const auto& chunk : f.chunks) {
        size_t p = sent.find(chunk);
        if (p == sent.npos) continue;
        ++hits;
        first = std::min(first, p);
        last = std::max(last, p + chunk.size());
      }
      if (hits < 2) continue;
      if (named_in.count({f.item, si}) == 0) {
        kept.push_back({f.item, sb + first, sb + last, "partial-title", 0.7f, false});
      }
    }
  }
  // Counts: 決定事項2件 names every decision.
  int decisions = 0, reports = 0;
  for (const Item& i : items) {
    decisions += i.kind == ItemKind::kDecision;
    reports += i.kind == ItemKind::kReport;
  }
  for (const Count& c : FindCounts(n, decisions, reports)) {
    for (const Item& i : items) {
      if (i.kind == c.kind) {
        kept.push_back({i.ordinal, c.begin, c.end, "count", 0.8f, false});
      }
    }
  }
  // Deictics: 本案 / この案 name the decision last named, or the only one.
  // The decisions named so far, by position (ties: the later found wins).
  std::set<int> decision_items;
  int only_decision = 0;
  for (const Item& i : items) {
    if (i.kind != ItemKind::kDecision) continue;
    decision_items.insert(i.ordinal);
    only_decision = decisions == 1 ? i.ordinal : 0;
  }
  std::vector<std::pair<size_t, int>> named_decisions;  // (begin, item)
  for (const Mention& k : kept) {
    if (decision_items.count(k.item) > 0) named_decisions.emplace_back(k.begin, k.item);
  }
  std::stable_sort(named_decisions.begin(), named_decisions.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Mention> deictics;
  for (auto word : {U"本案", U"この案", U"同案", U"当該案"}) {
    std::u32string_view w(word);
    for (size_t p = n.find(w); p != n.npos; p = n.find(w, p + 1)) {
      size_t e = p + w.size();
      if (e < n.size() && IsKanji(n[e])) continue;
      if (p > 0 && IsKanji(n[p - 1]) && w[0] != U'こ') continue;
      // The last decision named before p: a deictic's own target is that
      // too, so earlier deictics need not be consulted.
      auto after = std::lower_bound(
          named_decisions.begin(), named_decisions.end(), p,
          [](const std::pair<size_t, int>& d, size_t pos) { return d.first < pos; });
      int target = after != named_decisions.begin() ? std::prev(after)->second : only_decision;
      if (target != 0) deictics.push_back({target, p, e, "deictic", 0.6f, false});
    }
  }
  kept.insert(kept.end(), deictics.begin(), deictics.end());
  std::sort(kept.begin(), kept.end(), [](const Mention& a, const Mention& b) {
    return a.begin < b.begin;
  });
  return kept;
}

absl::Status LinkItems(const std::vector<RemarkView>& views, ParsedMinutes& minutes,
                       LinkSet& links, const Interrupt& interrupt) {
  InterruptPoller poller(interrupt);
  std::vector<ItemForms> forms = BuildItemForms(minutes.items);
  std::vector<std::vector<Mention>> mentions;
  mentions.reserve(views.size());
  for (const RemarkView& v : views) {
    if (absl::Status stop = poller.Poll(); !stop.ok()) return stop;
    mentions.push_back(FindItemMentions(v, forms, minutes.items));
  }
  auto kind_of = [&](int ordinal) {
    const Item* i = minutes.FindItem(ordinal);
    return i ? i->kind : ItemKind::kUnspecified;
  };
  // Verbatim minutes: the parser read every vote from the chair's
  // declarations (rule "vote"); the adoption rule below would only guess.
  const bool votes_read =
      std::any_of(minutes.links.begin(), minutes.links.end(), [](const Link& l) {
        return !l.evidence.empty() && l.evidence[0].rule == "vote";
      });
  for (size_t r = 0; r < views.size(); ++r) {
    if (absl::Status stop = poller.Poll(); !stop.ok()) return stop;
    const RemarkView& v = views[r];
    std::u32string_view n = v.n();
    // The chair's adoption: 異議なし … 決定. It adopts what the call before
    // put to the meeting, else what it names, else every decision.
    bool adoption =
        !votes_read &&
        ContainsAny(n, {U"異議なし", U"異議がない", U"異議はない", U"異議ありません",
                        U"異議ございません", U"異議もない"}) &&
        ContainsAny(n, {U"決定", U"了承", U"承認", U"採択", U"議決",
                        U"とおり答申"}) &&  // 原案のとおり答申する: a council's.
        !IsQuestionSentence(n.substr(v.sentences().back().first));
    if (adoption) {
      std::set<int> targets;
      auto take = [&](const std::vector<Mention>& ms) {
        for (const Mention& m : ms) {
          if (kind_of(m.item) == ItemKind::kDecision) targets.insert(m.item);
        }
      };
      if (r > 0 && minutes.remarks[r - 1].speaker_label.size() > 0 &&
          NfkcUtf8(minutes.remarks[r - 1].speaker_label) ==
              NfkcUtf8(minutes.remarks[r].speaker_label)) {
        take(mentions[r - 1]);
      }
      if (targets.empty()) take(mentions[r]);
      if (targets.empty()) {
        for (const Item& i : minutes.items) {
          if (i.kind == ItemKind::kDecision) targets.insert(i.ordinal);
        }
      }
      size_t s = 0;
      for (size_t k = 0; k < v.sentences().size(); ++k) {
        auto sent = n.substr(v.sentences()[k].first,
                             v.sentences()[k].second - v.sentences()[k].first);
        if (ContainsAny(sent, {U"決定", U"了承", U"承認", U"採択", U"議決"})) s = k;
      }
      for (int t : targets) {
        links.Add(v.ordinal(), LinkKind::kAdopts, TargetType::kItem,
                  absl::StrCat(t),
                  v.MakeEvidence(v.sentences()[s].first, v.sentences()[s].second,
                                 "adoption", 0.9f));
        for (Item& i : minutes.items) {
          if (i.ordinal == t) i.outcome = Outcome::kAdopted;
        }
      }
      continue;  // Its 本案 is the adoption itself, not a reference.
    }
      std::set<size_t> sentences_naming;  // Sentences with a mention.
    for (const Mention& m : mentions[r]) sentences_naming.insert(v.SentenceOf(m.begin));
    for (const Mention& m : mentions[r]) {
      size_t s = v.SentenceOf(m.begin);
      bool next_names = sentences_naming.count(s + 1) > 0;
      Stance stance = SentenceStance(v, s, next_names);
      links.Add(v.ordinal(), LinkKind::kReferences, TargetType::kItem,
                absl::StrCat(m.item),
                v.MakeEvidence(m.begin, m.end, m.rule, m.confidence), stance);
      if (!m.material) continue;
      // Sections of the material: Ⅲ－１ after it in the same sentence.
      size_t se = v.sentences()[s].second;
      for (size_t i = m.end; i < se; ++i) {
        if (n[i] != 'I' && n[i] != 'V' && n[i] != 'X') continue;
        auto sec = SectionAt(n, i);
        if (!sec) continue;
        links.Add(v.ordinal(), LinkKind::kReferences, TargetType::kItem,
                  absl::StrCat(m.item),
                  v.MakeEvidence(i, sec->second, "section", 0.85f, sec->first),
                  stance);
        i = sec->second;
      }
    }
    // Documents named by number: 資料4-2.
    for (size_t p = n.find(U"資料"); p != n.npos; p = n.find(U"資料", p + 1)) {
      size_t e = p + 2;
      if (e >= n.size() || !IsAsciiDigit(n[e])) continue;
      size_t b = p >= 2 && n.substr(p - 2, 2) == U"参考" ? p - 2 : p;
      std::u32string id(n.substr(b, e - b));
      while (e < n.size() && IsAsciiDigit(n[e])) id.push_back(n[e++]);
      while (e + 1 < n.size() && IsDash(n[e]) && IsAsciiDigit(n[e + 1])) {
        id.push_back('-');
        ++e;
        while (e < n.size() && IsAsciiDigit(n[e])) id.push_back(n[e++]);
      }
      links.Add(v.ordinal(), LinkKind::kCites, TargetType::kDocument,
                DocumentIdFor(EncodeUtf8(id)),
                v.MakeEvidence(b, e, "document-number", 0.95f));
    }
  }
  return absl::OkStatus();
}

}  // namespace remarkgraph::ingest::internal
