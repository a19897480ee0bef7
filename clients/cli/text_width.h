// Display width of UTF-8 text in a terminal, for aligned tables.
//
// East Asian wide and full-width characters (kanji, kana, full-width forms,
// most emoji) count as two columns, combining marks and zero-width
// characters as none, everything else as one. Ambiguous-width characters
// (Ⅲ, ○) count as one, as most terminals show them. Invalid UTF-8 bytes
// count as one column each and are shown as U+FFFD.

#ifndef REMARKGRAPH_CLIENTS_CLI_TEXT_WIDTH_H_
#define REMARKGRAPH_CLIENTS_CLI_TEXT_WIDTH_H_

#include <string>

#include "absl/strings/string_view.h"

namespace remarkgraph::cli {

// Columns `c` takes: 0, 1 or 2.
int CodePointWidth(char32_t c);

// Columns `text` takes on one line.
int DisplayWidth(absl::string_view text);

// `text` on one line: each line break, tab or other control character
// becomes one space, invalid UTF-8 becomes U+FFFD.
std::string OneLine(absl::string_view text);

// `text` cut to at most `max_width` columns; a cut is marked with a
// trailing "…" (counted as one column). `max_width` below 1 gives "".
std::string Truncate(absl::string_view text, int max_width);

// The same, keeping the end of `text`: a cut is marked with a leading "…".
// Suits resource names, whose last segments tell them apart.
std::string TruncateFront(absl::string_view text, int max_width);

// `text` followed by spaces up to `width` columns (unchanged if wider).
std::string PadRight(absl::string_view text, int width);

}  // namespace remarkgraph::cli

#endif  // REMARKGRAPH_CLIENTS_CLI_TEXT_WIDTH_H_
