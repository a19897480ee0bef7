#include "ingest/title_forms.h"

#include <algorithm>
#include <map>

#include "ingest/text_util.h"
#include "ingest/votes.h"

namespace remarkgraph::ingest::internal {
namespace {

constexpr std::u32string_view kConnectives[] = {
    U"における", U"に関する", U"に係る", U"についての", U"のための",
    U"に対する", U"に向けた", U"を踏まえた", U"の"};

// Modifiers a short form may drop: 次期サイバーセキュリティ戦略 is also
// called サイバーセキュリティ戦略.
constexpr std::u32string_view kModifiers[] = {U"次期", U"新たな", U"新", U"次",
                                              U"改定", U"改正", U"第"};

enum class Script { kKanji, kKatakana, kOther };

Script ScriptOf(char32_t c) {
  if (IsKanji(c)) return Script::kKanji;
  if (IsKatakana(c)) return Script::kKatakana;
  return Script::kOther;
}

std::u32string HeadPhrase(std::u32string_view core) {
  size_t cut = core.size();
  for (auto c : kConnectives) {
    size_t p = core.find(c);
    if (p != core.npos && p > 0 && p < cut) cut = p;
  }
  return std::u32string(core.substr(0, cut));
}

void Add(ItemForms& f, std::u32string text, std::string rule, float conf,
         bool left = false, bool material = false) {
  if (text.size() < 2) return;
  for (auto& existing : f.forms) {
    if (existing.text == text) return;
  }
  f.forms.push_back({std::move(text), std::move(rule), conf, left, material});
}

}  // namespace

std::u32string CoreTitle(std::u32string_view title) {
  std::u32string t(Trim(title));
  if (!t.empty() && t.front() == U'「' && t.back() == U'」') {
    t = t.substr(1, t.size() - 2);
  }
  static constexpr std::u32string_view kSuffixes[] = {
      U"について", U"に関する件", U"の件", U"等", U"など", U"案"};
  for (bool again = true; again && !t.empty();) {
    again = false;
    t = std::u32string(Trim(t));
    for (auto s : kSuffixes) {
      if (EndsWith(t, s) && t.size() > s.size() + 1) {
        // 案 alone is stripped only after a parenthesis-free noun phrase
        // ending in 戦略案; keep words like 法案 whole.
        if (s == U"案" && t.size() >= 2 && !IsKanji(t[t.size() - 2])) break;
        if (s == U"案" && (EndsWith(t, U"法案") || EndsWith(t, U"議案"))) break;
        t.resize(t.size() - s.size());
        again = true;
      }
    }
    if (!t.empty() && t.back() == ')') {
      size_t open = t.rfind('(');
      if (open != t.npos && open > 0 && t.size() - open <= 10) {
        t.resize(open);
        again = true;
      }
    }
  }
  return std::u32string(Trim(t));
}

bool IsDraftTitle(std::u32string_view title) {
  return title.find(U"(案)") != title.npos || title.find(U"素案") != title.npos;
}

std::vector<std::u32string> ScriptRuns(std::u32string_view text) {
  std::vector<std::u32string> runs;
  Script last = Script::kOther;
  for (size_t i = 0; i < text.size(); ++i) {
    char32_t c = text[i];
    Script s = ScriptOf(c);
    // ・ between katakana words stays inside the katakana run.
    if (c == U'・' && last == Script::kKatakana && i + 1 < text.size() &&
        IsKatakana(text[i + 1])) {
      s = Script::kKatakana;
    }
    if (runs.empty() || s != last) {
      runs.emplace_back();
    }
    runs.back().push_back(c);
    last = s;
  }
  return runs;
}

std::u32string NakaguroAbbreviation(std::u32string_view text) {
  if (text.find(U'・') == text.npos) return U"";
  std::u32string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(U'・', start);
    if (end == text.npos) end = text.size();
    std::u32string_view word = text.substr(start, end - start);
    if (word.size() < 3) return U"";
    for (char32_t c : word) {
      if (!IsKatakana(c)) return U"";
    }
    out += word.substr(0, 2);
    start = end + 1;
  }
  return out;
}

std::vector<ItemForms> BuildItemForms(const std::vector<Item>& items) {
  std::vector<ItemForms> all;
  for (const Item& item : items) {
    ItemForms f;
    f.item = item.ordinal;
    f.kind = item.kind;
    std::u32string title =
        NormalizeNfkc(DecodeUtf8(item.title).value_or(U"")).text;
    Add(f, title, "title", 0.95f);
    // "議案第45号 市税条例の…": the agenda number names the item, and the
    // title after it is read as a title of its own.
    std::vector<ItemNumber> numbers = FindItemNumbers(title);
    if (!numbers.empty() && numbers.front().begin == 0) {
      for (const ItemNumber& num : numbers) {
        Add(f, title.substr(num.begin, num.end - num.begin), "agenda-number", 0.95f,
            /*left=*/true);
        f.numbers.push_back(num.key);
      }
      std::u32string rest(Trim(title.substr(numbers.back().end)));
      if (rest.size() >= 4) title = rest;
    }
    std::u32string core = CoreTitle(title);
    f.core = core;
    Add(f, title, "title", 0.95f);
    for (auto s : {U"等について", U"について", U"等"}) {
      if (EndsWith(title, s)) {
        Add(f, title.substr(0, title.size() - std::u32string_view(s).size()),
            "title", 0.95f);
      }
    }
    Add(f, core, "title", 0.9f);
    std::vector<std::u32string> runs = ScriptRuns(core);
    const bool draft = IsDraftTitle(title);
    // Head noun: the last kanji run of the core (戦略).
    std::u32string head_noun;
    if (!runs.empty() && IsKanji(runs.back().front())) head_noun = runs.back();
    if (draft && head_noun.size() >= 2) {
      // 実行計画(素案) for 地球温暖化対策実行計画(素案): the head noun's tail
      // with the draft mark is specific enough to name the item.
      const std::u32string mark =
          title.find(U"(素案)") != title.npos ? U"(素案)" : U"(案)";
      Add(f, head_noun + mark, "short-form", 0.8f);
      for (size_t k = 4; k < head_noun.size(); ++k) {
        Add(f, head_noun.substr(head_noun.size() - k) + mark, "short-form", 0.75f);
      }
      if (runs.size() >= 2 && IsKanji(runs.front().front())) {
        Add(f, runs.front() + head_noun + U"(案)", "short-form", 0.85f);
        Add(f, runs.front() + head_noun, "short-form", 0.8f);
      }
      Add(f, head_noun + U"(案)", "short-form", 0.8f);
      Add(f, U"本" + head_noun, "short-form", 0.7f, /*left=*/true);
      Add(f, U"同" + head_noun, "short-form", 0.6f, /*left=*/true);
      // A compound head noun is shortened to its last word: 基本計画 ->
      // 本計画, 次期計画（案）.
      if (head_noun.size() > 2) {
        std::u32string tail = head_noun.substr(head_noun.size() - 2);
        Add(f, U"本" + tail, "short-form", 0.6f, /*left=*/true);
        Add(f, tail + U"(案)", "short-form", 0.6f, /*left=*/true);
        for (auto m : kModifiers) {
          if (StartsWith(core, m)) {
            Add(f, std::u32string(m) + tail + U"(案)", "short-form", 0.75f);
            Add(f, std::u32string(m) + tail, "short-form", 0.7f);
          }
        }
      }
    }
    // The draft after its subject: 地域公共交通の再構築に関する中間とりまとめ
    // (案) is also 中間とりまとめ(案).
    if (draft) {
      size_t cut = std::u32string::npos;
      size_t cut_len = 0;
      for (auto c : kConnectives) {
        if (c == U"の") continue;  // Too common to cut a title at.
        size_t p = core.rfind(c);
        if (p != core.npos && p > 0 && (cut == core.npos || p > cut)) {
          cut = p;
          cut_len = c.size();
        }
      }
      if (cut != core.npos && core.size() - cut - cut_len >= 4) {
        std::u32string tail = core.substr(cut + cut_len);
        Add(f, tail + U"(案)", "short-form", 0.8f);
        Add(f, tail, "short-form", 0.7f);
      }
    }
    for (auto m : kModifiers) {
      if (StartsWith(core, m) && core.size() >= m.size() + 6) {
        Add(f, core.substr(m.size()), "short-form", 0.6f);
      }
    }
    // The head phrase (before における/の) and its abbreviations.
    std::u32string head = HeadPhrase(core);
    if (head != core && head.size() >= 8) Add(f, head, "head-phrase", 0.75f);
    std::vector<std::u32string> head_runs = ScriptRuns(head);
    for (const auto& run : head_runs) {
      std::u32string abbr = NakaguroAbbreviation(run);
      if (!abbr.empty()) {
        Add(f, run, "abbreviation", 0.8f);
        Add(f, abbr, "abbreviation", 0.8f);
      }
    }
    if (head_runs.size() >= 3 && IsKanji(head_runs.front().front()) &&
        IsKanji(head_runs.back().front()) && head_runs.back().size() > 2) {
      // 東京…競技大会 -> 東京大会.
      const std::u32string& last = head_runs.back();
      Add(f, head_runs.front() + last.substr(last.size() - 2), "abbreviation",
          0.75f);
    }
    // A presented report is named by its presentation and its material.
    if (!item.verb.empty()) {
      std::u32string who =
          RemoveSpaces(NormalizeNfkc(DecodeUtf8(item.presenter).value_or(U"")).text);
      std::u32string verb = DecodeUtf8(item.verb).value_or(U"");
      if (!who.empty()) {
        Add(f, who + verb + U"資料", "material", 0.9f, false, true);
        Add(f, who + verb, "presentation", 0.85f, false, true);
        Add(f, who + U"の" + verb, "presentation", 0.8f, false, true);
        Add(f, who + U"からの" + verb, "presentation", 0.8f, false, true);
      }
      Add(f, verb + U"資料", "material", 0.8f, false, true);
      if (verb != U"説明") Add(f, U"御" + verb, "presentation", 0.6f);
    }
    // Chunks for partial matches.
    std::u32string rest = core;
    for (auto c : kConnectives) {
      for (size_t p = rest.find(c); p != rest.npos; p = rest.find(c, p + 1)) {
        rest.replace(p, c.size(), U"|");
      }
    }
    size_t s = 0;
    while (s <= rest.size()) {
      size_t e = rest.find(U'|', s);
      if (e == rest.npos) e = rest.size();
      std::u32string chunk = rest.substr(s, e - s);
      if (chunk.size() >= 4 && chunk != head) f.chunks.push_back(chunk);
      s = e + 1;
    }
    all.push_back(std::move(f));
  }
  // A form shared by two items names neither.
  std::map<std::u32string, int> uses;
  for (const auto& f : all) {
    for (const auto& form : f.forms) ++uses[form.text];
  }
  for (auto& f : all) {
    f.forms.erase(std::remove_if(f.forms.begin(), f.forms.end(),
                                 [&](const SurfaceForm& form) {
                                   return uses[form.text] > 1;
                                 }),
                  f.forms.end());
  }
  std::map<std::u32string, int> number_uses;
  for (const auto& f : all) {
    for (const auto& key : f.numbers) ++number_uses[key];
  }
  for (auto& f : all) {
    f.numbers.erase(std::remove_if(f.numbers.begin(), f.numbers.end(),
                                   [&](const std::u32string& key) {
                                     return number_uses[key] > 1;
                                   }),
                    f.numbers.end());
  }
  // The material of the only presented report may be called 資料 alone.
  int presented = 0;
  for (const Item& item : items) presented += item.verb == "説明" ? 1 : 0;
  if (presented == 1) {
    for (auto& f : all) {
      const Item* item = nullptr;
      for (const Item& i : items) {
        if (i.ordinal == f.item) item = &i;
      }
      if (item != nullptr && item->verb == "説明") {
        Add(f, U"資料", "material", 0.6f, /*left=*/true, /*material=*/true);
      }
    }
  }
  return all;
}

}  // namespace remarkgraph::ingest::internal
