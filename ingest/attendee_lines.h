// Attendee lists as minutes print them, one line at a time: "name title"
// pairs laid out in columns (two, three or four to a line), names spaced
// between every character, titles that contain a space, a role glued to the
// name (財務局長谷川 健次 = 財務局長 + 谷川 健次), title-first lines
// (議長 栗田 彰君), and lists in one sentence (北島、木村、安藤各委員;
// 日向委員長、くり林、…の各委員（後藤副委員長は欠席）). Internal to ingest/.
#ifndef REMARKGRAPH_INGEST_ATTENDEE_LINES_H_
#define REMARKGRAPH_INGEST_ATTENDEE_LINES_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace remarkgraph::ingest::internal {

struct AttendeeCell {
  std::u32string name;   // Honorific stripped, variants folded; family and
                         // given name separated by one ideographic space
                         // when the source separates them.
  std::u32string title;  // As printed, spaces closed up; may be empty.
  bool absent = false;   // Printed as absent (欠席).
  size_t begin = 0;      // The cell's range in the line given.
  size_t end = 0;
};

// Whether a token reads as a title or role (委員長, 東都大学教授, 株式会社X)
// rather than a name. `token` is NFKC without spaces.
bool IsTitleToken(std::u32string_view token);

// Splits one attendee line (NFKC, trimmed) into people. A line that holds no
// name (a group heading, 以上, 別紙のとおり) gives none. Never returns a list
// or a bare role as a name.
std::vector<AttendeeCell> SplitAttendeeLine(std::u32string_view line);

}  // namespace remarkgraph::ingest::internal

#endif  // REMARKGRAPH_INGEST_ATTENDEE_LINES_H_
