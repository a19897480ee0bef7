// Matters named relative to time. 次期戦略 in minutes of 2018 is the strategy
// adopted that year; the same words in 2021 name the next one. A matter
// whose title holds such a word (次期, 今期, 来期, 今年度, 本年度, 来年度, 次年度,
// 翌年度, 前年度, 昨年度, 新たな, 新しい) is told apart by the Japanese fiscal
// year (April to March) the words designate at the meeting's date, and a
// remark names it only when, at the remark's meeting date, the words
// designate the same year.
//
// Thread safety: pure functions.
#ifndef REMARKGRAPH_INGEST_MATTER_PERIOD_H_
#define REMARKGRAPH_INGEST_MATTER_PERIOD_H_

#include <optional>
#include <string>
#include <string_view>

namespace remarkgraph::ingest {

// The fiscal year that `title` (a matter's core title) designates at `date`
// (YYYY-MM-DD): that of the date for 次期, 今期, 今年度, 新たな..., the next for
// 来年度, 次年度, 翌年度, 来期, the one before for 前年度, 昨年度. nullopt when the
// title names no time-relative period, or the date is not YYYY-MM-DD.
std::optional<int> RelativeFiscalYear(std::string_view title, std::string_view date);

// Whether `title` names a period relative to the meeting (whatever the date).
bool IsTimeRelativeTitle(std::string_view title);

// The matter id of core title `title` at a meeting of `date`: SlugId(title),
// followed by "-{year}年度" when the title is time-relative and the date known.
std::string MatterIdAt(std::string_view title, std::string_view date);

}  // namespace remarkgraph::ingest

#endif  // REMARKGRAPH_INGEST_MATTER_PERIOD_H_
