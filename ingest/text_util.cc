#include "ingest/text_util.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace remarkgraph::ingest::internal {
namespace {

const icu::Normalizer2* Nfkc() {
  static const icu::Normalizer2* const kNfkc = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return kNfkc;
}

void AppendUtf8(char32_t c, std::string& out) {
  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// Decodes leniently: bad sequences become U+FFFD.
std::u32string DecodeLenient(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    unsigned char b = static_cast<unsigned char>(text[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3
              : (b >> 3) == 30 ? 4 : 0;
    char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F)
                                                                 : (b & 0x07);
    bool ok = len > 0 && i + len <= text.size();
    for (int k = 1; ok && k < len; ++k) {
      unsigned char cb = static_cast<unsigned char>(text[i + k]);
      if ((cb & 0xC0) != 0x80) ok = false;
      c = (c << 6) | (cb & 0x3F);
    }
    if (ok) {
      static constexpr char32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
      if (c < kMin[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        ok = false;
      }
    }
    if (!ok) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    out.push_back(c);
    i += len;
  }
  return out;
}

}  // namespace

absl::StatusOr<std::u32string> DecodeUtf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size() / 2);
  size_t i = 0;
  while (i < text.size()) {
    unsigned char b = static_cast<unsigned char>(text[i]);
    if (b == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "input is binary, not text: NUL byte at byte offset ", i));
    }
    int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3
              : (b >> 3) == 30 ? 4 : 0;
    char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F)
                                                                 : (b & 0x07);
    bool ok = len > 0 && i + len <= text.size();
    for (int k = 1; ok && k < len; ++k) {
      unsigned char cb = static_cast<unsigned char>(text[i + k]);
      if ((cb & 0xC0) != 0x80) ok = false;
      c = (c << 6) | (cb & 0x3F);
    }
    static constexpr char32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (!ok || c < kMin[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "input is not valid UTF-8: bad byte sequence at byte offset ", i));
    }
    out.push_back(c);
    i += len;
  }
  return out;
}

std::string EncodeUtf8(std::u32string_view text) {
  // Exactly the bytes it takes (U+FFFD for what AppendUtf8 replaces): the
  // strings stay as allocated (remark texts, the source text).
  size_t bytes = 0;
  for (char32_t c : text) {
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : (c < 0x10000 || c > 0x10FFFF) ? 3 : 4;
  }
  std::string out;
  out.reserve(bytes);
  for (char32_t c : text) AppendUtf8(c, out);
  return out;
}

int32_t NormalizedText::OriginEnd(size_t ne) const {
  if (ne == 0) return origin.empty() ? 0 : origin[0];
  // The end of the input segment that produced code point ne - 1: the origin
  // of the first following code point that came from a later segment.
  int32_t last = origin[ne - 1];
  for (size_t k = ne; k < origin.size(); ++k) {
    if (origin[k] != last) return origin[k];
  }
  return origin.back();
}

NormalizedText NormalizeNfkc(std::u32string_view input) {
  NormalizedText out;
  out.text.reserve(input.size());
  out.origin.reserve(input.size() + 1);
  const icu::Normalizer2* nfkc = Nfkc();
  size_t i = 0;
  while (i < input.size()) {
    size_t j = i + 1;
    if (nfkc != nullptr) {
      while (j < input.size() && !nfkc->hasBoundaryBefore(input[j])) ++j;
    }
    if (nfkc == nullptr || (j == i + 1 && (input[i] < 0x80 ||
                                           nfkc->isInert(input[i])))) {
      for (size_t k = i; k < j; ++k) {
        out.text.push_back(input[k]);
        out.origin.push_back(static_cast<int32_t>(i));
      }
    } else {
      icu::UnicodeString segment;
      for (size_t k = i; k < j; ++k) {
        segment.append(static_cast<UChar32>(input[k]));
      }
      UErrorCode status = U_ZERO_ERROR;
      icu::UnicodeString normalized = nfkc->normalize(segment, status);
      if (U_FAILURE(status)) normalized = segment;
      for (int32_t k = 0; k < normalized.length();) {
        UChar32 c = normalized.char32At(k);
        out.text.push_back(static_cast<char32_t>(c));
        out.origin.push_back(static_cast<int32_t>(i));
        k += U16_LENGTH(c);
      }
    }
    i = j;
  }
  out.origin.push_back(static_cast<int32_t>(input.size()));
  return out;
}

std::string NfkcUtf8(std::string_view text) {
  return EncodeUtf8(NormalizeNfkc(DecodeLenient(text)).text);
}

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0xFEFF || c == '\r';
}
bool IsSpeakerMark(char32_t c) {
  return c == U'○' || c == U'〇' || c == U'◯' || c == U'◆' || c == U'◎' ||
         c == U'◇';
}
bool IsKanji(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF) ||
         c == 0x3005 || c == 0x3006;
}
bool IsHiragana(char32_t c) { return c >= 0x3041 && c <= 0x309F; }
bool IsKatakana(char32_t c) {
  return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC || c == 0x30FD ||
         c == 0x30FE || (c >= 0xFF66 && c <= 0xFF9F);
}
bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsWordChar(char32_t c) {
  return IsKanji(c) || IsKatakana(c) || IsAsciiDigit(c) ||
         (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
         (c >= 0xFF41 && c <= 0xFF5A);
}
bool IsSentenceEnd(char32_t c) {
  return c == U'。' || c == U'！' || c == U'？' || c == '!' || c == '?' ||
         c == U'｡';
}
bool EndsParagraph(char32_t c) {
  return IsSentenceEnd(c) || c == U'」' || c == U'』' || c == U'）' ||
         c == ')' || c == U'】' || c == ':' || c == U'：';
}

std::u32string_view Trim(std::u32string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (IsSpace(s[b]) || s[b] == '\n')) ++b;
  while (e > b && (IsSpace(s[e - 1]) || s[e - 1] == '\n')) --e;
  return s.substr(b, e - b);
}

std::u32string RemoveSpaces(std::u32string_view s) {
  std::u32string out;
  for (char32_t c : s) {
    if (!IsSpace(c) && c != '\n') out.push_back(c);
  }
  return out;
}

bool StartsWith(std::u32string_view s, std::u32string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}
bool EndsWith(std::u32string_view s, std::u32string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace remarkgraph::ingest::internal
