// Numbers, calendar dates and clock times as Japanese minutes print them:
// ASCII, full-width or kanji digits, era years (令和, 平成 ... with 元年),
// spaces anywhere inside ("平成 30 年1月 17 日"), 午前/午後, and the words
// minutes put between two times ("午前10時04分開議〜午前11時19分散会").
// Internal to ingest/; pure functions.
#ifndef REMARKGRAPH_INGEST_DATES_H_
#define REMARKGRAPH_INGEST_DATES_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace remarkgraph::ingest::internal {

// Parses a non-negative number written in ASCII or full-width digits, or in
// kanji numerals (三十一, 二〇二一, 元 = 1). nullopt if `s` is not entirely a
// number.
std::optional<int> ParseJapaneseNumber(std::u32string_view s);

// Finds a calendar date in `s`: an era date (令和3年9月27日, 平成元年, kanji
// numerals), a Western one (2021年9月27日, 2021/9/27, 2021.9.27), with
// spaces allowed between any two of its parts. Returns `YYYY-MM-DD` and the
// range [begin, end) it occupies in `s`, or nullopt. Impossible dates
// (13月, 32日) are not dates.
struct FoundDate {
  std::string iso;
  size_t begin = 0;
  size_t end = 0;
};
std::optional<FoundDate> FindJapaneseDate(std::u32string_view s);

// Finds a time range (9時00分～9時40分, 9:00-9:40, 14時～15時, 午後2時から,
// 午前10時04分開議〜午前11時19分散会) in `s`. Returns `HH:MM` on a 24-hour
// clock; end is empty when only a start is given.
struct FoundTimes {
  std::string start;
  std::string end;
};
std::optional<FoundTimes> FindTimeRange(std::u32string_view s);

}  // namespace remarkgraph::ingest::internal

#endif  // REMARKGRAPH_INGEST_DATES_H_
