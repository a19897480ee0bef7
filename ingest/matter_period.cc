#include "ingest/matter_period.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "ingest/ids.h"
#include "ingest/text_util.h"

namespace remarkgraph::ingest {
namespace {

struct RelativeWord {
  std::string_view word;
  int offset;  // Fiscal years after the meeting's.
};

// Longer words first where one contains another (次年度 before 年度 words).
constexpr RelativeWord kWords[] = {
    {"来年度", 1},  {"次年度", 1}, {"翌年度", 1}, {"来期", 1},   {"前年度", -1},
    {"昨年度", -1}, {"今年度", 0}, {"本年度", 0}, {"当年度", 0}, {"今期", 0},
    {"次期", 0},    {"新たな", 0}, {"新しい", 0},
};

std::optional<int> WordOffset(std::string_view title) {
  const std::string n = internal::NfkcUtf8(title);
  for (const RelativeWord& w : kWords) {
    if (n.find(w.word) != std::string::npos) return w.offset;
  }
  return std::nullopt;
}

std::optional<int> FiscalYear(std::string_view date) {
  int year = 0, month = 0;
  if (date.size() != 10 || date[4] != '-' || date[7] != '-' ||
      !absl::SimpleAtoi(absl::string_view(date.data(), 4), &year) ||
      !absl::SimpleAtoi(absl::string_view(date.data() + 5, 2), &month) ||
      month < 1 || month > 12) {
    return std::nullopt;
  }
  return month >= 4 ? year : year - 1;
}

}  // namespace

std::optional<int> RelativeFiscalYear(std::string_view title, std::string_view date) {
  const std::optional<int> offset = WordOffset(title);
  if (!offset) return std::nullopt;
  const std::optional<int> year = FiscalYear(date);
  if (!year) return std::nullopt;
  return *year + *offset;
}

bool IsTimeRelativeTitle(std::string_view title) { return WordOffset(title).has_value(); }

std::string MatterIdAt(std::string_view title, std::string_view date) {
  const std::optional<int> year = RelativeFiscalYear(title, date);
  if (!year) return SlugId(title);
  // Room for the suffix within the id limit.
  return absl::StrCat(SlugId(title, 100), "-", *year, "年度");
}

}  // namespace remarkgraph::ingest
