// The line-level pieces every text format shares: lines with their NFKC
// form and source offsets, what a line is (a page number, web page chrome,
// a stage direction, the end mark), the title chosen among header lines, and
// the building of remarks from source ranges. Internal to ingest/.
#ifndef REMARKGRAPH_INGEST_TEXT_LINES_H_
#define REMARKGRAPH_INGEST_TEXT_LINES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ingest/interrupt.h"
#include "ingest/minutes.h"
#include "ingest/parse.h"
#include "ingest/text_util.h"

namespace remarkgraph::ingest::internal {

// A parser holds every line of the source at once: a line keeps its NFKC
// text and, of where each normalised code point came from, only the runs.
struct Line {
  int number = 0;     // 1-based line number in the source.
  int32_t begin = 0;  // Trimmed content, in the source.
  int32_t end = 0;
  std::u32string nfkc;  // NFKC of the content.
  // Position in the content of each code point of `nfkc`, plus one for its
  // end (NormalizedText::origin); no breaks when each is its own.
  OffsetMap origin;
  std::u32string_view n() const { return nfkc; }
  // Source offset of normalised position k (k may be n().size()).
  int32_t At(size_t k) const { return begin + origin[k]; }
};

// Splits at \n, \r\n and \r; each line trimmed of spaces. Polls
// `interrupt` every few hundred lines and ends with its error.
absl::StatusOr<std::vector<Line>> SplitLines(std::u32string_view src,
                                             const Interrupt& interrupt = nullptr);

bool IsBullet(char32_t c);  // - ・ • ● ■ ◆ * and dashes.
// A page number or marker on its own line: "12", "- 3 -", "(1)", "1/10".
bool IsPageNumber(std::u32string_view n);
// Web page chrome around a document: navigation, breadcrumbs, share buttons,
// "全文", "印刷", update dates.
bool IsPageChrome(std::u32string_view n);
// (「異議なし」と声あり), 〔「異議なし」と呼ぶ者あり〕, （拍手）, (14:00).
bool IsStageDirection(std::u32string_view n);
// "以上", "－ 以上 －".
bool IsEndMark(std::u32string_view n);
// Whether the line names the kind of record (議事概要, 会議録, 議事要旨 ...).
bool HasKindWord(std::u32string_view n);
// Whether a header line reads like the name of a meeting (会議, 委員会 ...).
bool LooksLikeMeetingName(std::u32string_view n);

// The parts of minutes a heading opens.
enum class MinutesPart { kHeader, kAttendees, kAbsent, kItems, kDate, kPlace, kOther };
// The part a heading opens, from its first words (NFKC, spaces removed):
// 出席委員 / 説明のため出席した者 -> attendees, 欠席委員 -> absent, 議事日程 /
// 本日の会議に付した事件 -> items, 日時, 場所, 会議録署名議員 -> other;
// nullopt when the words are not a heading (a speaker's label, say).
std::optional<MinutesPart> HeadingPart(std::u32string_view words);
// What a heading line carries after its first word: "場所 市役所 大会議室" and
// "場所: 市役所 大会議室" -> "市役所 大会議室"; empty if nothing follows.
std::u32string_view ValueAfterHeadingWord(std::u32string_view heading);

// Takes the meeting's date and times from an NFKC line, where not yet set.
// Returns whether the line is mostly a date (so not a title).
bool ReadDateLine(std::u32string_view n, ParsedMinutes& out);

// The meeting's title among the header lines, as printed, with the kind word
// removed: the line naming the kind of record; a kind printed alone takes
// the meeting name beside it; else the first line naming a meeting; else
// the first line, with a warning. Empty if there are no header lines.
std::string ChooseTitle(std::u32string_view src,
                        const std::vector<const Line*>& header,
                        std::vector<ImportWarning>& warnings);

// Builds remarks from source ranges into `out.remarks`, numbering them and
// mapping each code point of their text to the source.
class RemarkBuilder {
 public:
  // `src` and `out` must outlive the builder.
  RemarkBuilder(std::u32string_view src, const ParseOptions& options,
                ParsedMinutes& out)
      : src_(src), options_(options), out_(out) {}

  // Closes the open remark and opens one. INVALID_ARGUMENT past
  // options.max_remarks.
  absl::Status Open(std::u32string_view label, bool from_heading,
                    std::string section, int line);
  // Keeps the open remark if it has text; warns (with its marker's line)
  // about a marker without text.
  void Close();
  bool open() const { return open_; }
  Remark& current() { return remark_; }
  // Appends the line from NFKC position `from` to its end.
  void Append(const Line& line, size_t from);
  // Appends source range [begin, end).
  void AppendRange(int32_t begin, int32_t end);
  bool empty() const { return text_.empty(); }
  const ParseOptions& options() const { return options_; }

 private:
  std::u32string_view src_;
  const ParseOptions& options_;
  ParsedMinutes& out_;
  bool open_ = false;
  int line_ = 0;
  Remark remark_;
  std::u32string text_;
  OffsetMap offsets_;
  InterruptPoller poller_{options_.interrupt, 64};
};

}  // namespace remarkgraph::ingest::internal

#endif  // REMARKGRAPH_INGEST_TEXT_LINES_H_
