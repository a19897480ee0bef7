// NFKC with case folding (ICU's nfkc_cf), and the bigrams of the text index.
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>

#include "storage/graph_store.h"
#include "storage/internal/text_index.h"

namespace remarkgraph::storage {

std::string NormalizeForSearch(std::string_view text) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer =
      icu::Normalizer2::getNFKCCasefoldInstance(error);
  // FromUTF8 turns invalid sequences into U+FFFD.
  const icu::UnicodeString source = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (U_FAILURE(error)) return std::string(text);
  const icu::UnicodeString normalized = normalizer->normalize(source, error);
  if (U_FAILURE(error)) return std::string(text);
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

namespace internal {
namespace {

bool IsSpace(UChar32 c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000;
}

}  // namespace

std::vector<std::string> DistinctBigrams(std::string_view normalized) {
  std::vector<std::string> bigrams;
  const auto* bytes = reinterpret_cast<const uint8_t*>(normalized.data());
  const int32_t length = static_cast<int32_t>(normalized.size());
  int32_t previous_start = -1;
  UChar32 previous = -1;
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0 || IsSpace(c)) {
      previous = -1;
      continue;
    }
    if (previous >= 0) {
      bigrams.emplace_back(normalized.substr(previous_start, i - previous_start));
    }
    previous = c;
    previous_start = start;
  }
  std::sort(bigrams.begin(), bigrams.end());
  bigrams.erase(std::unique(bigrams.begin(), bigrams.end()), bigrams.end());
  return bigrams;
}

std::vector<BigramPositions> BigramsWithPositions(std::string_view normalized) {
  std::vector<std::pair<std::string_view, uint32_t>> occurrences;
  const auto* bytes = reinterpret_cast<const uint8_t*>(normalized.data());
  const int32_t length = static_cast<int32_t>(normalized.size());
  int32_t previous_start = -1;
  UChar32 previous = -1;
  uint32_t index = 0;  // Code points before `start`.
  for (int32_t i = 0; i < length; ++index) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0 || IsSpace(c)) {
      previous = -1;
      continue;
    }
    if (previous >= 0) {
      occurrences.emplace_back(
          normalized.substr(previous_start, i - previous_start), index - 1);
    }
    previous = c;
    previous_start = start;
  }
  // Sorted by bigram, then position: each bigram's positions come out
  // ascending.
  std::sort(occurrences.begin(), occurrences.end());
  std::vector<BigramPositions> out;
  for (const auto& [bigram, position] : occurrences) {
    if (out.empty() || out.back().bigram != bigram) {
      out.push_back({std::string(bigram), {}});
    }
    out.back().positions.push_back(position);
  }
  return out;
}

std::string EncodePositions(const std::vector<uint32_t>& positions) {
  std::string out;
  uint32_t last = 0;
  for (uint32_t position : positions) {
    uint32_t delta = position - last;
    last = position;
    while (delta >= 0x80) {
      out.push_back(static_cast<char>((delta & 0x7F) | 0x80));
      delta >>= 7;
    }
    out.push_back(static_cast<char>(delta));
  }
  return out;
}

std::vector<uint32_t> DecodePositions(std::string_view value) {
  std::vector<uint32_t> out;
  uint64_t last = 0;
  uint64_t delta = 0;
  int shift = 0;
  for (char ch : value) {
    const auto byte = static_cast<unsigned char>(ch);
    if (shift > 28) return {};
    delta |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if (byte & 0x80) {
      shift += 7;
      continue;
    }
    last += delta;
    if (last > UINT32_MAX) return {};
    out.push_back(static_cast<uint32_t>(last));
    delta = 0;
    shift = 0;
  }
  if (shift != 0) return {};
  return out;
}

std::vector<PhraseBigram> PhraseBigrams(std::string_view normalized_query) {
  std::vector<PhraseBigram> out;
  const auto* bytes = reinterpret_cast<const uint8_t*>(normalized_query.data());
  const int32_t length = static_cast<int32_t>(normalized_query.size());
  int32_t previous_start = -1;
  uint32_t index = 0;
  for (int32_t i = 0; i < length; ++index) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0 || IsSpace(c)) return {};
    if (previous_start >= 0) {
      out.push_back({std::string(normalized_query.substr(
                         previous_start, i - previous_start)),
                     index - 1});
    }
    previous_start = start;
  }
  return out;
}

std::optional<uint32_t> FirstPhraseMatch(
    const std::vector<PhraseBigram>& phrase,
    const std::vector<absl::Span<const uint32_t>>& positions) {
  if (phrase.empty() || positions.size() != phrase.size()) return std::nullopt;
  // Walk the first bigram's positions; each other bigram keeps a cursor
  // that only moves forward, so the check is linear in the lists.
  std::vector<size_t> next(phrase.size(), 0);
  for (uint32_t start : positions[0]) {
    bool all = true;
    for (size_t i = 1; i < phrase.size(); ++i) {
      const uint64_t want = uint64_t{start} + phrase[i].offset;
      const absl::Span<const uint32_t> list = positions[i];
      while (next[i] < list.size() && list[next[i]] < want) ++next[i];
      if (next[i] == list.size()) return std::nullopt;
      if (list[next[i]] != want) {
        all = false;
        break;
      }
    }
    if (all) return start;
  }
  return std::nullopt;
}

size_t CodePointCount(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace internal
}  // namespace remarkgraph::storage
