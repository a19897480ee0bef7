#include "ingest/votes.h"

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>

#include "ingest/dates.h"
#include "ingest/text_util.h"

namespace remarkgraph::ingest::internal {
namespace {

// Kinds of agenda number, longest first where one ends another.
constexpr std::u32string_view kPrefixes[] = {
    U"議員提出議案", U"委員会提出議案", U"市長提出議案", U"議案", U"日程",
    U"請願",         U"陳情",           U"報告",         U"発議", U"諮問",
    U"認定",         U"承認",           U"同意",         U"意見書案", U"決議案",
    U"議題",         U"案件"};

bool ContainsAny(std::u32string_view s,
                 std::initializer_list<std::u32string_view> words) {
  for (auto w : words) {
    if (s.find(w) != s.npos) return true;
  }
  return false;
}

bool IsNumberChar(char32_t c) {
  return IsAsciiDigit(c) || std::u32string_view(U"〇一二三四五六七八九十百")
                                    .find(c) != std::u32string_view::npos;
}

// What joins the numbers of a list: 、 , 及び 並びに と.
bool IsListSeparator(std::u32string_view between) {
  for (std::u32string_view s : {U"、", U",", U"及び", U"並びに", U"と", U"、及び",
                                U"、並びに", U"及"}) {
    if (between == s) return true;
  }
  return false;
}

}  // namespace

std::vector<ItemNumber> FindItemNumbers(std::u32string_view n) {
  std::vector<ItemNumber> out;
  std::u32string last_prefix;
  for (size_t p = n.find(U'第'); p != n.npos; p = n.find(U'第', p + 1)) {
    size_t e = p + 1;
    while (e < n.size() && IsNumberChar(n[e]) && e - p < 6) ++e;
    if (e == p + 1) continue;
    std::optional<int> number = ParseJapaneseNumber(n.substr(p + 1, e - p - 1));
    if (!number) continue;
    size_t end = e;
    if (end < n.size() && n[end] == U'号') ++end;
    std::u32string prefix;
    size_t begin = p;
    for (auto k : kPrefixes) {
      if (p >= k.size() && n.substr(p - k.size(), k.size()) == k) {
        prefix = std::u32string(k);
        begin = p - k.size();
        break;
      }
    }
    // "議案第45号から第47号まで": the second number takes the first's kind;
    // so does each number of a list ("議案第45号、第46号及び第47号") printed
    // like the first (with 号 when it had one).
    bool range = false;
    if (prefix.empty() && !out.empty() && !last_prefix.empty()) {
      std::u32string_view between =
          Trim(n.substr(out.back().end, p - out.back().end));
      range = between == U"から" || between == U"ないし" || between == U"~" ||
              between == U"〜" || between == U"乃至";
      const bool same_shape =
          (n[out.back().end - 1] == U'号') == (end > e);
      if (!range && !(IsListSeparator(between) && same_shape)) continue;
      prefix = last_prefix;
    } else if (prefix.empty()) {
      continue;
    } else if (!out.empty() && prefix == last_prefix) {
      std::u32string_view between =
          Trim(n.substr(out.back().end, begin - out.back().end));
      range = between == U"から" || between == U"ないし" || between == U"~" ||
              between == U"〜" || between == U"乃至";
    }
    if (range) {
      std::u32string first = out.back().key.substr(prefix.size());
      std::optional<int> from = ParseJapaneseNumber(first);
      if (from && *number > *from && *number - *from <= 50) {
        for (int k = *from + 1; k < *number; ++k) {
          out.push_back({prefix + DecodeUtf8(std::to_string(k)).value_or(U""),
                         out.back().begin, end});
        }
      }
    }
    out.push_back({prefix + DecodeUtf8(std::to_string(*number)).value_or(U""),
                   begin, end});
    last_prefix = prefix;
  }
  return out;
}

ItemKind AgendaLineKind(std::u32string_view n) {
  std::u32string t = RemoveSpaces(n);
  if (ContainsAny(t, {U"報告第", U"諸般の報告", U"行政報告", U"報告事項"}) ||
      (StartsWith(t, U"報告") && !StartsWith(t, U"報告書"))) {
    return ItemKind::kReport;  // Not 報告書骨子案: a report's draft is discussed.
  }
  if (ContainsAny(t, {U"議案", U"請願", U"陳情", U"条例", U"予算", U"決算",
                      U"承認", U"認定", U"同意", U"諮問", U"意見書", U"決議",
                      U"選挙", U"選任", U"会期", U"発議", U"について(案)",
                      U"(案)", U"決定事項", U"審議事項", U"議決"})) {
    return ItemKind::kDecision;
  }
  return ItemKind::kDiscussion;
}

Outcome DeclaredOutcome(std::u32string_view s) {
  // Agenda numbers out first: 承認第1号 names an item, not an outcome.
  std::u32string t;
  size_t from = 0;
  for (const ItemNumber& num : FindItemNumbers(s)) {
    if (num.begin < from) continue;
    t += s.substr(from, num.begin - from);
    t += U"#";
    from = num.end;
  }
  t += s.substr(std::min(from, s.size()));
  t = RemoveSpaces(t);
  // Calls to vote, proposals and questions declare nothing.
  if (ContainsAny(t, {U"賛成の方", U"賛成の諸君", U"求めます", U"お諮り",
                      U"ありませんか", U"ございませんか", U"願います",
                      U"いかがでしょうか", U"したいと思います", U"すべきか",
                      U"予定", U"見込み"}) ||
      (!t.empty() && (t.back() == U'?' || t.back() == U'か'))) {
    return Outcome::kUnspecified;
  }
  bool declared =
      ContainsAny(t, {U"よって", U"されました", U"決定いたしました",
                      U"決しました", U"決定しました", U"決定した", U"了承した",
                      U"承認した", U"決定されました", U"了承された",
                      U"承認された", U"ことに決定", U"ものと決定",
                      U"こととした", U"こととなった"});
  if (!declared) return Outcome::kUnspecified;
  if (ContainsAny(t, {U"否決", U"不採択", U"不承認", U"不同意", U"不認定"})) {
    return Outcome::kRejected;
  }
  if (ContainsAny(t, {U"継続審査", U"継続審議", U"継続調査", U"閉会中審査",
                      U"先送り", U"持ち越", U"継続して審議", U"次回に継続",
                      U"引き続き審議"})) {
    return Outcome::kDeferred;
  }
  if (ContainsAny(t, {U"可決", U"承認", U"同意", U"認定", U"採択", U"了承",
                      U"原案どおり決定", U"原案のとおり決定", U"案のとおり決定",
                      U"原案のとおり答申", U"原案どおり答申",
                      U"とおり決定", U"決定した", U"決定いたしました",
                      U"選任", U"当選"})) {
    return Outcome::kAdopted;
  }
  return Outcome::kUnspecified;
}

std::vector<std::pair<size_t, size_t>> Sentences(std::u32string_view n) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t b = 0;
  int quote = 0;
  for (size_t i = 0; i < n.size(); ++i) {
    char32_t c = n[i];
    if (c == U'「' || c == U'『') ++quote;
    if ((c == U'」' || c == U'』') && quote > 0) --quote;
    bool end = c == '\n' || (quote == 0 && (c == U'。' || c == '?' || c == '!'));
    if (end) {
      if (i + 1 > b) out.emplace_back(b, i + 1);
      b = i + 1;
    }
  }
  if (b < n.size()) out.emplace_back(b, n.size());
  return out;
}

}  // namespace remarkgraph::ingest::internal
