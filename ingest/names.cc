#include "ingest/names.h"

#include "ingest/speaker_labels.h"
#include "ingest/text_util.h"

namespace remarkgraph::ingest::internal {
namespace {

struct Variant {
  char32_t from;
  char32_t to;
};
// Variants seen printed for one person in one body's minutes; NFKC already
// folds the CJK compatibility ideographs.
constexpr Variant kVariants[] = {
    {U'髙', U'高'}, {U'﨑', U'崎'}, {U'\U00020BB7', U'吉'}, {U'德', U'徳'},
    {U'濵', U'浜'}, {U'邉', U'辺'}, {U'邊', U'辺'},         {U'槇', U'槙'},
    {U'眞', U'真'}, {U'增', U'増'}, {U'曻', U'昇'},         {U'桒', U'桑'},
    {U'齋', U'斎'}, {U'齊', U'斉'},
};

bool IsNameChar(char32_t c) {
  return IsKanji(c) || IsHiragana(c) || IsKatakana(c) ||
         (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == U'・' ||
         c == U'ヶ' || c == U'ケ' || c == U'ノ' || c == U'の';
}

}  // namespace

std::u32string_view StripHonorific(std::u32string_view name) {
  name = Trim(name);
  static constexpr std::u32string_view kHonorifics[] = {
      U"先生", U"さん", U"君", U"氏", U"様", U"殿"};
  for (auto h : kHonorifics) {
    if (EndsWith(name, h) && name.size() >= h.size() + 2) {
      return Trim(name.substr(0, name.size() - h.size()));
    }
  }
  return name;
}

std::u32string FoldNameVariants(std::u32string_view s) {
  std::u32string out(s);
  for (char32_t& c : out) {
    for (const Variant& v : kVariants) {
      if (c == v.from) c = v.to;
    }
  }
  return out;
}

std::u32string PersonKey(std::u32string_view name) {
  return FoldNameVariants(RemoveSpaces(StripHonorific(name)));
}

std::u32string CleanPersonName(std::u32string_view name) {
  std::u32string_view core = StripHonorific(name);
  // Spaced out one character at a time: "山 田 太 郎".
  size_t chars = 0, spaces = 0;
  bool one_each = true;
  size_t run = 0;
  for (char32_t c : core) {
    if (IsSpace(c)) {
      ++spaces;
      run = 0;
    } else {
      ++chars;
      if (++run > 1) one_each = false;
    }
  }
  std::u32string out;
  if (one_each && chars >= 3 && spaces >= 2) {
    out = RemoveSpaces(core);
  } else {
    // Collapse inner runs of spaces to their first, as printed.
    char32_t gap = 0;
    for (char32_t c : core) {
      if (IsSpace(c)) {
        if (gap == 0) gap = c;
        continue;
      }
      if (gap != 0 && !out.empty()) out.push_back(gap);
      gap = 0;
      out.push_back(c);
    }
  }
  return FoldNameVariants(out);
}

bool LooksLikePersonName(std::u32string_view s) {
  s = Trim(s);
  if (s.empty()) return false;
  size_t chars = 0, spaces = 0;
  for (char32_t c : s) {
    if (IsSpace(c)) {
      ++spaces;
      continue;
    }
    if (!IsNameChar(c)) return false;
    ++chars;
  }
  if (chars > 12 || (spaces > 1 && spaces + 1 != chars)) return false;
  std::u32string compact = RemoveSpaces(s);
  if (compact.find(U"及び") != compact.npos || StartsWith(compact, U"各") ||
      compact.find(U"各委員") != compact.npos) {
    return false;
  }
  if (IsRoleLabel(compact) && RoleOf(compact) == compact) return false;
  static constexpr std::u32string_view kNotNames[] = {
      U"事務局", U"全員", U"一同", U"出席者", U"委員各位", U"なし", U"別紙",
      U"とおり", U"通り", U"以下", U"上記", U"名簿", U"ほか"};
  for (auto w : kNotNames) {
    if (compact.find(w) != compact.npos) return false;
  }
  return true;
}

}  // namespace remarkgraph::ingest::internal
