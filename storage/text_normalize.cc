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

size_t CodePointCount(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace internal
}  // namespace remarkgraph::storage
