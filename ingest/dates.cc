#include "ingest/dates.h"

#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "ingest/text_util.h"

namespace remarkgraph::ingest::internal {
namespace {

constexpr std::u32string_view kKanjiDigits = U"〇一二三四五六七八九";

bool IsNumeral(char32_t c) {
  return IsAsciiDigit(c) || kKanjiDigits.find(c) != std::u32string_view::npos ||
         c == U'十' || c == U'百' || c == U'千' || c == U'元' || c == U'零';
}

// NFKC text with the spaces removed, each character remembering its offset
// in the raw input: dates are read here so that "平成 30 年" is one date.
struct Compact {
  std::u32string text;
  std::vector<int32_t> origin;  // One per character, plus the input length.
};

Compact Compacted(std::u32string_view raw, bool drop_spaces = true) {
  NormalizedText n = NormalizeNfkc(raw);
  Compact c;
  for (size_t i = 0; i < n.text.size(); ++i) {
    if (drop_spaces && IsSpace(n.text[i])) continue;
    c.text.push_back(n.text[i]);
    c.origin.push_back(n.origin[i]);
  }
  c.origin.push_back(static_cast<int32_t>(raw.size()));
  return c;
}

// End (exclusive) in raw input of compact range ending at `e`.
size_t RawEnd(const Compact& c, size_t e) {
  if (e == 0) return 0;
  return static_cast<size_t>(c.origin[e - 1]) + 1;
}

// A number (digits or kanji numerals, or 元) ending at `end`, scanning
// backwards at most 6 characters. Returns its value and begin.
std::optional<std::pair<int, size_t>> NumberBefore(std::u32string_view s,
                                                   size_t end) {
  size_t b = end;
  while (b > 0 && IsNumeral(s[b - 1]) && end - b < 6) --b;
  while (b < end) {  // "一二〇" must parse whole; drop leading junk if not.
    if (auto v = ParseJapaneseNumber(s.substr(b, end - b))) {
      return std::make_pair(*v, b);
    }
    ++b;
  }
  return std::nullopt;
}

std::optional<std::pair<int, size_t>> NumberAfter(std::u32string_view s,
                                                  size_t begin) {
  size_t e = begin;
  while (e < s.size() && IsNumeral(s[e]) && s[e] != U'元' && e - begin < 6) ++e;
  if (e == begin) return std::nullopt;
  auto v = ParseJapaneseNumber(s.substr(begin, e - begin));
  if (!v) return std::nullopt;
  return std::make_pair(*v, e);
}

bool ValidDay(int y, int m, int d) {
  return y >= 1868 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

std::optional<FoundDate> EraOrKanjiDate(const Compact& c) {
  std::u32string_view s = c.text;
  struct Era {
    std::u32string_view name;
    int base;
  };
  static constexpr Era kEras[] = {{U"令和", 2018}, {U"平成", 1988},
                                  {U"昭和", 1925}, {U"大正", 1911},
                                  {U"明治", 1867}};
  for (size_t pos = s.find(U'年'); pos != std::u32string_view::npos;
       pos = s.find(U'年', pos + 1)) {
    auto year = NumberBefore(s, pos);
    if (!year) continue;
    int y = year->first;
    size_t begin = year->second;
    for (const Era& era : kEras) {
      if (begin >= era.name.size() &&
          s.substr(begin - era.name.size(), era.name.size()) == era.name) {
        y += era.base;
        begin -= era.name.size();
        break;
      }
    }
    auto month = NumberAfter(s, pos + 1);
    if (!month || month->second >= s.size() || s[month->second] != U'月') {
      continue;
    }
    auto day = NumberAfter(s, month->second + 1);
    if (!day || day->second >= s.size() || s[day->second] != U'日') continue;
    if (!ValidDay(y, month->first, day->first)) continue;
    FoundDate out;
    out.iso = absl::StrFormat("%04d-%02d-%02d", y, month->first, day->first);
    out.begin = static_cast<size_t>(c.origin[begin]);
    out.end = RawEnd(c, day->second + 1);
    return out;
  }
  return std::nullopt;
}

// 2021/9/27, 2021.9.27, 2021-09-27: four-digit year first.
std::optional<FoundDate> NumericDate(const Compact& c) {
  std::u32string_view s = c.text;
  for (size_t i = 0; i + 8 <= s.size(); ++i) {
    if (i > 0 && IsAsciiDigit(s[i - 1])) continue;
    size_t p = i;
    int v[3] = {0, 0, 0};
    bool ok = true;
    char32_t sep = 0;
    for (int part = 0; part < 3 && ok; ++part) {
      size_t b = p;
      while (p < s.size() && IsAsciiDigit(s[p]) && p - b < 4) {
        v[part] = v[part] * 10 + static_cast<int>(s[p] - '0');
        ++p;
      }
      size_t len = p - b;
      ok = part == 0 ? len == 4 : (len >= 1 && len <= 2);
      if (!ok || part == 2) break;
      if (p >= s.size() || (s[p] != '/' && s[p] != '.' && s[p] != '-')) {
        ok = false;
        break;
      }
      if (sep != 0 && s[p] != sep) ok = false;
      sep = s[p++];
    }
    if (!ok || (p < s.size() && IsAsciiDigit(s[p]))) continue;
    if (!ValidDay(v[0], v[1], v[2])) continue;
    FoundDate out;
    out.iso = absl::StrFormat("%04d-%02d-%02d", v[0], v[1], v[2]);
    out.begin = static_cast<size_t>(c.origin[i]);
    out.end = RawEnd(c, p);
    return out;
  }
  return std::nullopt;
}

// Reads [午前|午後] H時[M分|半] or H:MM at `i` of compact NFKC `s`.
// Returns minutes since midnight and the end.
std::optional<std::pair<int, size_t>> ReadTime(std::u32string_view s, size_t i) {
  int shift = -1;  // -1: no 午前/午後.
  if (s.substr(i, 2) == U"午前") {
    shift = 0;
    i += 2;
  } else if (s.substr(i, 2) == U"午後") {
    shift = 12;
    i += 2;
  }
  auto h = NumberAfter(s, i);
  if (!h || h->second >= s.size()) return std::nullopt;
  size_t p = h->second;
  int minutes = 0;
  if (s[p] == U'時') {
    ++p;
    if (p < s.size() && s[p] == U'半') {
      minutes = 30;
      ++p;
    } else if (auto m = NumberAfter(s, p);
               m && m->second < s.size() && s[m->second] == U'分') {
      minutes = m->first;
      p = m->second + 1;
    }
  } else if (s[p] == ':') {
    auto m = NumberAfter(s, p + 1);
    if (!m || m->second - (p + 1) != 2) return std::nullopt;
    minutes = m->first;
    p = m->second;
  } else {
    return std::nullopt;
  }
  int hour = h->first;
  if (shift == 12 && hour < 12) hour += 12;
  if (hour > 24 || minutes > 59) return std::nullopt;
  return std::make_pair(hour * 60 + minutes, p);
}

bool IsDash(char32_t c) {
  return std::u32string_view(U"~〜～-―‐ー–—").find(c) != std::u32string_view::npos;
}

}  // namespace

std::optional<int> ParseJapaneseNumber(std::u32string_view s) {
  if (s.empty()) return std::nullopt;
  if (s == U"元") return 1;
  bool digits = true;
  for (char32_t c : s) {
    if (!IsAsciiDigit(c) && !(c >= 0xFF10 && c <= 0xFF19)) digits = false;
  }
  if (digits) {
    if (s.size() > 9) return std::nullopt;
    int v = 0;
    for (char32_t c : s) v = v * 10 + static_cast<int>(c >= 0xFF10 ? c - 0xFF10 : c - '0');
    return v;
  }
  static constexpr std::u32string_view kDigits = U"〇一二三四五六七八九";
  int total = 0, current = 0;
  bool any = false;
  for (char32_t c : s) {
    size_t d = kDigits.find(c);
    if (c == U'零') d = 0;
    if (d != std::u32string_view::npos) {
      current = current * 10 + static_cast<int>(d);
      any = true;
    } else if (c == U'十' || c == U'百' || c == U'千') {
      int unit = c == U'十' ? 10 : c == U'百' ? 100 : 1000;
      total += (current == 0 ? 1 : current) * unit;
      current = 0;
      any = true;
    } else {
      return std::nullopt;
    }
  }
  if (!any) return std::nullopt;
  return total + current;
}

std::optional<FoundDate> FindJapaneseDate(std::u32string_view raw) {
  Compact c = Compacted(raw);
  std::optional<FoundDate> era = EraOrKanjiDate(c);
  // Numeric dates keep their spaces: "2024/3/5 10:00" is not day 51.
  std::optional<FoundDate> numeric = NumericDate(Compacted(raw, false));
  if (era && numeric) return era->begin <= numeric->begin ? era : numeric;
  return era ? era : numeric;
}

std::optional<FoundTimes> FindTimeRange(std::u32string_view raw) {
  Compact c = Compacted(raw);
  std::u32string_view s = c.text;
  auto fmt = [](int m) { return absl::StrFormat("%02d:%02d", m / 60, m % 60); };
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && IsNumeral(s[i - 1])) continue;
    if (!IsNumeral(s[i]) && s.substr(i, 1) != U"午") continue;
    auto start = ReadTime(s, i);
    if (!start) continue;
    FoundTimes out;
    out.start = fmt(start->first);
    // Between the two times: a dash or から, with the words minutes print
    // around it (開会, 開議, 散会, 閉会).
    size_t p = start->second;
    static constexpr std::u32string_view kWords[] = {U"開会", U"開議", U"開始",
                                                     U"開催", U"より"};
    for (auto w : kWords) {
      if (s.substr(p, w.size()) == w) p += w.size();
    }
    if (p < s.size() && IsDash(s[p])) {
      ++p;
    } else if (s.substr(p, 2) == U"から") {
      p += 2;
    } else {
      // "午前10時開会 午前11時42分閉会": no dash, the end named by its word.
      auto end = ReadTime(s, p);
      if (!end) return out;
      std::u32string_view after = s.substr(end->second);
      bool closing = false;
      for (std::u32string_view w : {U"閉会", U"散会", U"閉議", U"延会", U"終了"}) {
        closing = closing || after.substr(0, w.size()) == w;
      }
      if (!closing) return out;
    }
    if (auto end = ReadTime(s, p)) {
      int e = end->first;
      // "午後1時～3時": the end shares the start's afternoon.
      if (e < start->first && e + 12 * 60 >= start->first && e < 12 * 60) {
        e += 12 * 60;
      }
      out.end = fmt(e);
    }
    return out;
  }
  return std::nullopt;
}

}  // namespace remarkgraph::ingest::internal
