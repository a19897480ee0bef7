#include "clients/cli/text_width.h"

#include <cstddef>
#include <string>
#include <vector>

namespace remarkgraph::cli {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

struct Range {
  char32_t first;
  char32_t last;
};

// Combining marks, zero-width spaces and joiners, variation selectors.
constexpr Range kZeroWidth[] = {
    {0x0300, 0x036F},   {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
    {0x064B, 0x065F},   {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
    {0x2028, 0x202E},   {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0x302A, 0x302D},
    {0x3099, 0x309A},   {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
    {0xE0100, 0xE01EF},
};

// East Asian Wide (W) and Fullwidth (F), after Unicode's EastAsianWidth.txt,
// merged into blocks.
constexpr Range kWide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},
    {0x23E9, 0x23EC},   {0x2614, 0x2615},   {0x2E80, 0x303E},
    {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},
    {0xA000, 0xA4CF},   {0xA960, 0xA97F},   {0xAC00, 0xD7A3},
    {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},
    {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F},
    {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

template <size_t N>
bool InRanges(const Range (&ranges)[N], char32_t c) {
  for (const Range& range : ranges) {
    if (c < range.first) return false;  // ranges are sorted
    if (c <= range.last) return true;
  }
  return false;
}

// Decodes the code point at `*pos` and advances past it. An invalid or
// truncated sequence yields U+FFFD and advances one byte.
char32_t DecodeNext(absl::string_view text, size_t* pos) {
  const auto byte = [&](size_t i) {
    return static_cast<unsigned char>(text[i]);
  };
  const unsigned char lead = byte(*pos);
  int length = 0;
  char32_t c = 0;
  if (lead < 0x80) {
    ++*pos;
    return lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    c = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    c = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    c = lead & 0x07;
  } else {
    ++*pos;
    return kReplacement;
  }
  if (*pos + length > text.size()) {
    ++*pos;
    return kReplacement;
  }
  for (int i = 1; i < length; ++i) {
    const unsigned char next = byte(*pos + i);
    if ((next & 0xC0) != 0x80) {
      ++*pos;
      return kReplacement;
    }
    c = (c << 6) | (next & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < kMinimum[length] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    ++*pos;
    return kReplacement;
  }
  *pos += length;
  return c;
}

void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

}  // namespace

int CodePointWidth(char32_t c) {
  if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return 0;
  if (c < 0x300) return 1;
  if (InRanges(kZeroWidth, c)) return 0;
  if (InRanges(kWide, c)) return 2;
  return 1;
}

int DisplayWidth(absl::string_view text) {
  int width = 0;
  for (size_t pos = 0; pos < text.size();) {
    width += CodePointWidth(DecodeNext(text, &pos));
  }
  return width;
}

std::string OneLine(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    const char32_t c = DecodeNext(text, &pos);
    const bool control =
        c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0x2028 || c == 0x2029;
    AppendUtf8(control ? U' ' : c, &out);
  }
  return out;
}

std::string Truncate(absl::string_view text, int max_width) {
  if (max_width < 1) return "";
  if (DisplayWidth(text) <= max_width) return std::string(text);
  // Leave one column for the ellipsis.
  std::string out;
  int width = 0;
  for (size_t pos = 0; pos < text.size();) {
    const char32_t c = DecodeNext(text, &pos);
    const int w = CodePointWidth(c);
    if (width + w > max_width - 1) break;
    width += w;
    AppendUtf8(c, &out);
  }
  out += "…";
  return out;
}

std::string TruncateFront(absl::string_view text, int max_width) {
  if (max_width < 1) return "";
  if (DisplayWidth(text) <= max_width) return std::string(text);
  std::vector<char32_t> chars;
  for (size_t pos = 0; pos < text.size();) {
    chars.push_back(DecodeNext(text, &pos));
  }
  // Leave one column for the ellipsis; walk back from the end.
  size_t first = chars.size();
  int width = 0;
  while (first > 0 &&
         width + CodePointWidth(chars[first - 1]) <= max_width - 1) {
    width += CodePointWidth(chars[--first]);
  }
  std::string out = "…";
  for (size_t i = first; i < chars.size(); ++i) AppendUtf8(chars[i], &out);
  return out;
}

std::string PadRight(absl::string_view text, int width) {
  std::string out(text);
  const int have = DisplayWidth(text);
  if (have < width) out.append(width - have, ' ');
  return out;
}

}  // namespace remarkgraph::cli
