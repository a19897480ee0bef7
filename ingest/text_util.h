// Text helpers shared by the parsers and the linker: UTF-8 <-> code points,
// NFKC normalisation that remembers where each normalised code point came
// from, character classes. Numerals, dates and times are in dates.h.
// Internal to ingest/.
#ifndef REMARKGRAPH_INGEST_TEXT_UTIL_H_
#define REMARKGRAPH_INGEST_TEXT_UTIL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "ingest/dates.h"  // Numbers, dates and times, for the callers here.

namespace remarkgraph::ingest::internal {

// Decodes UTF-8. INVALID_ARGUMENT naming the byte offset of the first bad
// sequence, or of a NUL byte (binary input).
absl::StatusOr<std::u32string> DecodeUtf8(std::string_view text);
// Encodes code points; never fails (invalid code points become U+FFFD).
std::string EncodeUtf8(std::u32string_view text);

// NFKC-normalised text with, for each normalised code point, the index of the
// code point of the input it came from (`origin`, one entry per code point of
// `text`, plus one trailing entry equal to the input length).
struct NormalizedText {
  std::u32string text;
  std::vector<int32_t> origin;

  // The input range [begin, end) that normalised range [nb, ne) came from.
  int32_t OriginBegin(size_t nb) const { return origin[nb]; }
  int32_t OriginEnd(size_t ne) const;
};

// NFKC, segment by segment so that offsets map back. White space is kept.
NormalizedText NormalizeNfkc(std::u32string_view input);
// NFKC of UTF-8, as UTF-8 (for keys and comparisons). Invalid input yields
// U+FFFD where it is bad.
std::string NfkcUtf8(std::string_view text);

bool IsSpace(char32_t c);          // ASCII, ideographic and other spaces.
bool IsKanji(char32_t c);          // CJK ideographs, 々 and 〆.
bool IsHiragana(char32_t c);
bool IsKatakana(char32_t c);       // Including ー and half-width forms.
bool IsAsciiDigit(char32_t c);
bool IsWordChar(char32_t c);       // Kanji, katakana, Latin letters, digits.
bool IsSentenceEnd(char32_t c);    // 。！？!? and full stops.
// A mark that may open a speaker's words in minutes: ○ 〇 ◯, and the ◆ ◎ ◇
// of the assembly record systems (◆ members, ◎ officials; ◎ also opens
// headings there).
bool IsSpeakerMark(char32_t c);
// A character that ends a line where a paragraph may end (。」』）) etc.).
bool EndsParagraph(char32_t c);

// Trims spaces at both ends.
std::u32string_view Trim(std::u32string_view s);
// Removes every space.
std::u32string RemoveSpaces(std::u32string_view s);

// Whether `s` starts/ends with `prefix`/`suffix`.
bool StartsWith(std::u32string_view s, std::u32string_view prefix);
bool EndsWith(std::u32string_view s, std::u32string_view suffix);

}  // namespace remarkgraph::ingest::internal

#endif  // REMARKGRAPH_INGEST_TEXT_UTIL_H_
