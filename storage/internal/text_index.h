// Character-bigram postings for remark search. Bigrams suit Japanese, which
// has no spaces between words; a match is confirmed by substring afterwards.
#ifndef REMARKGRAPH_STORAGE_INTERNAL_TEXT_INDEX_H_
#define REMARKGRAPH_STORAGE_INTERNAL_TEXT_INDEX_H_

#include <string>
#include <string_view>
#include <vector>

namespace remarkgraph::storage::internal {

// The distinct bigrams (pairs of adjacent code points, as UTF-8) of
// already-normalised text, sorted. Pairs that contain white space are left
// out: they carry no meaning and are the most common.
std::vector<std::string> DistinctBigrams(std::string_view normalized);

// Number of code points in valid UTF-8 text.
size_t CodePointCount(std::string_view text);

}  // namespace remarkgraph::storage::internal

#endif  // REMARKGRAPH_STORAGE_INTERNAL_TEXT_INDEX_H_
