// The per-format parsers and the steps every format shares. Internal to
// ingest/; the public entry point is parse.h.
#ifndef REMARKGRAPH_INGEST_FORMATS_H_
#define REMARKGRAPH_INGEST_FORMATS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "ingest/minutes.h"
#include "ingest/parse.h"

namespace remarkgraph::ingest::internal {

// 議事概要 and 発言要旨: numbered sections, ○ and `委員：` markers, agenda
// brackets, attendee lists, page breaks. `text` is the decoded input.
absl::StatusOr<ParsedMinutes> ParseTextMinutes(std::u32string_view text,
                                               Format format,
                                               const ParseOptions& options);

// Verbatim 会議録 / 議事録 / 速記録 (kaigiroku.cc).
absl::StatusOr<ParsedMinutes> ParseKaigiroku(std::u32string_view text,
                                             const ParseOptions& options);

// Narrative 議事要旨 / 開催状況 (gijiyoshi_narrative.cc).
absl::StatusOr<ParsedMinutes> ParseNarrative(std::u32string_view text,
                                             const ParseOptions& options);

// NDL minutes API JSON (speech or meeting endpoint): one result per meeting.
absl::StatusOr<std::vector<ParsedMinutes>> ParseNdlJson(
    std::string_view json, const ParseOptions& options);

// The project's JSON Lines records: one result per meeting line.
absl::StatusOr<std::vector<ParsedMinutes>> ParseRecordLines(
    std::string_view text, const ParseOptions& options);

// Resolves each remark's speaker label to an attendee by surname (and title
// where surnames clash); sets person and role; warns about labels whose role
// contradicts the attendee list (○前田本部長 for a member).
void ResolveSpeakers(ParsedMinutes& minutes);

// Splits a title into the body that meets and the meeting's ordinal:
// "X 第31回会合" -> ("X", 31); "令和3年度X（第1回）" -> ("X", 1).
void SplitTitle(std::string_view title, std::string& body, int& ordinal);

// Fills body, meeting id and the digest from the metadata and the title;
// validates. INVALID_ARGUMENT if metadata.meeting_id is not a valid id, or
// if neither the minutes nor the metadata give a title (or body) and a date.
absl::Status FinishMeeting(std::string_view input, const ImportMetadata& metadata,
                           ParsedMinutes& minutes);

// Builds a remark's text from source ranges: `pieces` are [begin, end) code
// point ranges of `source`; a piece that follows one ending a sentence starts
// a new paragraph ('\n'), otherwise it is joined directly (a page break or a
// wrapped line).
void AppendRemarkPiece(std::u32string_view source, int32_t begin, int32_t end,
                       std::u32string& text, OffsetMap& offsets);

// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace remarkgraph::ingest::internal

#endif  // REMARKGRAPH_INGEST_FORMATS_H_
