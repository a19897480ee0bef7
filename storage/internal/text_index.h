// Character-bigram postings for remark search. Bigrams suit Japanese, which
// has no spaces between words; a match is confirmed by substring afterwards.
#ifndef REMARKGRAPH_STORAGE_INTERNAL_TEXT_INDEX_H_
#define REMARKGRAPH_STORAGE_INTERNAL_TEXT_INDEX_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/types/span.h"

namespace remarkgraph::storage::internal {

// The distinct bigrams (pairs of adjacent code points, as UTF-8) of
// already-normalised text, sorted. Pairs that contain white space are left
// out: they carry no meaning and are the most common.
std::vector<std::string> DistinctBigrams(std::string_view normalized);

// One distinct bigram of a text and where it occurs: the code-point offsets
// of its first character in the normalised text, ascending.
struct BigramPositions {
  std::string bigram;
  std::vector<uint32_t> positions;
};

// The distinct bigrams of already-normalised text with their positions,
// sorted by bigram; the same bigrams as DistinctBigrams.
std::vector<BigramPositions> BigramsWithPositions(std::string_view normalized);

// A text posting's value: its positions as varint deltas. An empty value
// means the positions are unknown (postings written before they were
// stored); DecodePositions then returns an empty list, and also for a value
// that does not parse.
std::string EncodePositions(const std::vector<uint32_t>& positions);
std::vector<uint32_t> DecodePositions(std::string_view value);

// A phrase as the index sees it: the bigrams of the query at their offsets
// from its first character. Empty if the query has white space (its bigrams
// are not indexed, so positions cannot confirm it) or fewer than 2 code
// points.
struct PhraseBigram {
  std::string bigram;
  uint32_t offset = 0;
};
std::vector<PhraseBigram> PhraseBigrams(std::string_view normalized_query);

// The first offset p at which every phrase bigram i occurs at p + offset_i,
// given `positions[i]` (ascending) for phrase bigram i; nullopt if none.
// Bigrams chain (each shares a character with the next), so that is where
// the phrase occurs in the text.
std::optional<uint32_t> FirstPhraseMatch(
    const std::vector<PhraseBigram>& phrase,
    const std::vector<absl::Span<const uint32_t>>& positions);

// Number of code points in valid UTF-8 text.
size_t CodePointCount(std::string_view text);

}  // namespace remarkgraph::storage::internal

#endif  // REMARKGRAPH_STORAGE_INTERNAL_TEXT_INDEX_H_
