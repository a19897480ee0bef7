// Parsing minutes: text in, ParsedMinutes out (without links; see linker.h,
// or ImportMinutes in importer.h which does both).
//
// Thread safety: the functions are pure and may run concurrently.
#ifndef REMARKGRAPH_INGEST_PARSE_H_
#define REMARKGRAPH_INGEST_PARSE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "ingest/interrupt.h"
#include "ingest/minutes.h"

namespace remarkgraph::ingest {

// What the caller knows about the minutes; every field may be empty.
struct ImportMetadata {
  std::string body;        // Overrides the body found in the text.
  std::string meeting_id;  // Overrides the derived id (must be a valid id).
  std::string date;        // YYYY-MM-DD; used when the text has none.
  std::string title;       // Used when the text has none.
};

struct ParseOptions {
  // Inputs longer than this are refused with INVALID_ARGUMENT.
  size_t max_input_bytes = 16 << 20;
  // At most this many remarks per meeting; past it INVALID_ARGUMENT.
  size_t max_remarks = 100000;
  // Polled every few hundred lines and remarks; its error ends the parse.
  Interrupt interrupt;
};

// Detects the format of `text` from its first lines (JSON shape, 議事概要 /
// 発言要旨 in the header). kUnknown when it cannot tell.
Format DetectFormat(std::string_view text);

// Parses one meeting's minutes. `format` kUnknown means detect.
// Errors, all INVALID_ARGUMENT with a message naming the problem: empty input,
// input over max_input_bytes, invalid UTF-8 or binary data, unknown format,
// malformed or truncated JSON, JSON of the wrong shape, no meeting or no
// remarks at all, more than one meeting in the input (use ParseAllMinutes).
// Recoverable oddities (no speaker markers, an unresolved speaker, a
// misprinted title) become warnings in the result.
absl::StatusOr<ParsedMinutes> ParseMinutes(std::string_view text,
                                           Format format = Format::kUnknown,
                                           const ImportMetadata& metadata = {},
                                           const ParseOptions& options = {});

// Like ParseMinutes but accepts inputs holding several meetings (an NDL
// response of several meetings, records with several meeting lines).
absl::StatusOr<std::vector<ParsedMinutes>> ParseAllMinutes(
    std::string_view text, Format format = Format::kUnknown,
    const ImportMetadata& metadata = {}, const ParseOptions& options = {});

}  // namespace remarkgraph::ingest

#endif  // REMARKGRAPH_INGEST_PARSE_H_
