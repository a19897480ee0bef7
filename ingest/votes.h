// Agenda numbers and vote declarations as minutes print them: 議案第45号,
// 日程第2, 請願第3号 (and ranges 議案第45号から第47号まで), and the chair's
// declaration of an outcome (原案のとおり可決, 承認, 同意, 否決, 継続審査,
// 原案どおり決定した, 了承した). Internal to ingest/; pure functions.
#ifndef REMARKGRAPH_INGEST_VOTES_H_
#define REMARKGRAPH_INGEST_VOTES_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/minutes.h"

namespace remarkgraph::ingest::internal {

// One agenda number in NFKC text: key "議案45" for 議案第45号, "日程2" for
// 日程第2; [begin, end) in the text.
struct ItemNumber {
  std::u32string key;
  size_t begin = 0;
  size_t end = 0;
};
// Every agenda number in `n`, ranges expanded (議案第45号から議案第47号まで
// gives 45, 46, 47; at most 50 numbers per range), and every number of a
// list (議案第45号、第46号及び第47号: each a 議案).
std::vector<ItemNumber> FindItemNumbers(std::u32string_view n);

// The kind an agenda line announces: 議案, 請願, 条例, 承認 ... -> decision;
// 報告 -> report; anything else -> discussion.
ItemKind AgendaLineKind(std::u32string_view n);

// The outcome a sentence declares, or kUnspecified. Only declarations count:
// "よって、議案第45号は原案のとおり可決されました", "原案どおり決定した",
// "了承した"; a call to vote ("可決することに賛成の方は起立願います"), a
// question or a proposal declares nothing.
Outcome DeclaredOutcome(std::u32string_view sentence);

// The sentences of NFKC text as [begin, end) ranges (ending after 。？！ or
// at a line break).
std::vector<std::pair<size_t, size_t>> Sentences(std::u32string_view n);

}  // namespace remarkgraph::ingest::internal

#endif  // REMARKGRAPH_INGEST_VOTES_H_
