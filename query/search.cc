// SearchRemarks: candidates from the bigram index in id order (the order
// remarks were first stored), confirmed by a substring test on the
// normalised text, then filtered. Pages are keyed by remark id, so a page
// token stays valid while remarks are added.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "query/internal/budget.h"
#include "query/internal/filters.h"
#include "query/internal/page_bytes.h"
#include "query/internal/page_token.h"
#include "query/query_engine.h"

namespace remarkgraph::query {
namespace {

using internal::BudgetTracker;
using internal::MeetingCache;

constexpr std::string_view kTokenKind = "search";
constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 1000;
constexpr size_t kCandidateBatch = 256;
constexpr size_t kSnippetChars = 40;
constexpr size_t kSnippetLead = 12;  // Characters shown before the match.

bool IsLeadByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
}

size_t CountCodePoints(std::string_view text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), IsLeadByte));
}

// The byte offset of code point `n` of `text` (its size if past the end).
size_t OffsetOfCodePoint(std::string_view text, size_t n) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsLeadByte(text[i]) && n-- == 0) return i;
  }
  return text.size();
}

// About kSnippetChars characters of `text` around code point `approx`,
// cut on character boundaries.
std::string SnippetAt(std::string_view text, size_t approx) {
  const size_t total = CountCodePoints(text);
  size_t first = approx > kSnippetLead ? approx - kSnippetLead : 0;
  const size_t last = std::min(total, first + kSnippetChars);
  first = last > kSnippetChars ? std::min(first, last - kSnippetChars) : 0;
  const size_t begin = OffsetOfCodePoint(text, first);
  const size_t end = OffsetOfCodePoint(text, last);
  return std::string(text.substr(begin, end - begin));
}

// The snippet around the match at byte `match` of the normalised form.
// Normalisation may change lengths (half-width kana, ligatures), so the
// position is scaled from one form to the other: approximate.
std::string Snippet(std::string_view text, std::string_view normalized,
                    size_t match) {
  const size_t total = CountCodePoints(text);
  const size_t normalized_total = CountCodePoints(normalized);
  const size_t at = CountCodePoints(normalized.substr(0, match));
  return SnippetAt(text,
                   normalized_total == 0 ? 0 : at * total / normalized_total);
}

bool IsDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

int ClampPageSize(int page_size) {
  if (page_size <= 0) return kDefaultPageSize;
  return std::min(page_size, kMaxPageSize);
}

}  // namespace

absl::StatusOr<SearchResult> QueryEngine::SearchRemarks(
    storage::GraphSnapshot& snapshot, const SearchSpec& spec,
    const Budget& budget) const {
  const std::string query = storage::NormalizeForSearch(spec.query);
  if (CountCodePoints(query) < 2) {
    return absl::InvalidArgumentError(
        "query: must be at least 2 characters (not counting spaces)");
  }
  if (!spec.start_date.empty() && !IsDate(spec.start_date)) {
    return absl::InvalidArgumentError("start_date: expected YYYY-MM-DD");
  }
  if (!spec.end_date.empty() && !IsDate(spec.end_date)) {
    return absl::InvalidArgumentError("end_date: expected YYYY-MM-DD");
  }
  // The token is bound to everything that selects the results; the page
  // size may change between pages.
  const std::string scope =
      absl::StrCat(query, "\x1f", spec.meeting, "\x1f", spec.person, "\x1f",
                   spec.start_date, "\x1f", spec.end_date);
  NodeId start_after = storage::kNoNode;
  if (!spec.page_token.empty()) {
    ASSIGN_OR_RETURN(start_after, internal::DecodePageToken(spec.page_token,
                                                            kTokenKind, scope));
  }
  const size_t page_size = static_cast<size_t>(ClampPageSize(spec.page_size));
  BudgetTracker tracker(ceilings_.Clamp(budget));
  RETURN_IF_ERROR(tracker.CheckClock());
  SearchResult result;

  // Filters on nodes that do not exist match nothing; that is an empty
  // answer, not an error.
  if (!spec.meeting.empty()) {
    ASSIGN_OR_RETURN(std::optional<NodeId> meeting,
                     snapshot.Resolve(spec.meeting));
    if (!meeting.has_value()) {
      result.stats = tracker.Finish();
      return result;
    }
  }
  std::optional<NodeId> person;
  if (!spec.person.empty()) {
    ASSIGN_OR_RETURN(person, snapshot.Resolve(spec.person));
    if (!person.has_value()) {
      result.stats = tracker.Finish();
      return result;
    }
  }
  MeetingCache meetings(snapshot);
  internal::PageBytes bytes(spec.max_bytes);

  NodeId last_examined = start_after;
  bool exhausted = false;  // No candidate remains.
  bool cut = false;        // A budget stopped the scan.
  bool more = false;       // A match beyond this page was seen.
  std::vector<storage::TextMatch> batch;
  std::vector<NodeId> ids;
  int rounds = 0;
  while (!exhausted && !cut && !more) {
    RETURN_IF_ERROR(tracker.CheckClock());
    if (tracker.time_spent()) {
      cut = true;
      break;
    }
    // A batch asks for what the page still needs (and one more, to know
    // whether another page follows): confirmed matches are nearly all
    // hits. Filters may reject some, so each further batch doubles.
    const size_t needed = page_size + 1 - result.hits.size();
    const size_t goal = std::min(kCandidateBatch, needed << std::min(rounds++, 8));
    const size_t allow = static_cast<size_t>(std::clamp<int64_t>(
        tracker.nodes_left(), 0, static_cast<int64_t>(goal)));
    // With no node budget left, read one id only to learn whether any
    // remains.
    const size_t want = std::max<size_t>(allow, 1);
    batch.clear();
    // The index confirms the phrase from its positions where it can, so
    // remarks holding the bigrams but not the phrase are never read.
    RETURN_IF_ERROR(snapshot.ScanTextMatches(
        query, last_examined, [&](const storage::TextMatch& match) {
          batch.push_back(match);
          return batch.size() < want;
        }));
    if (batch.size() < want) exhausted = true;
    if (batch.empty()) break;
    if (allow == 0) {
      tracker.Truncate(Truncation::kMaxNodes);
      cut = true;
      break;
    }
    ids.clear();
    for (const storage::TextMatch& match : batch) ids.push_back(match.id);
    // Shared records: only the hits are copied into the answer.
    ASSIGN_OR_RETURN(std::vector<std::shared_ptr<const NodeRecord>> records,
                     snapshot.GetSharedNodes(ids));
    tracker.AddNodes(static_cast<int64_t>(batch.size()));
    for (size_t i = 0; i < batch.size(); ++i) {
      const NodeId id = batch[i].id;
      const NodeRecord* record = records[i].get();
      if (record == nullptr || internal::KindOf(*record) != NodeKind::kRemark) {
        last_examined = id;
        continue;
      }
      bool match = spec.meeting.empty() ||
                   storage::MeetingOf(record->name()) == spec.meeting;
      if (match && (!spec.start_date.empty() || !spec.end_date.empty())) {
        ASSIGN_OR_RETURN(std::optional<std::string> date,
                         meetings.DateOf(*record));
        match = date.has_value() &&
                (spec.start_date.empty() || *date >= spec.start_date) &&
                (spec.end_date.empty() || *date <= spec.end_date);
      }
      std::string normalized;
      size_t at = std::string::npos;
      if (match && !batch[i].position.has_value()) {
        normalized = storage::NormalizeForSearch(record->text());
        at = normalized.find(query);
        match = at != std::string::npos;
      }
      if (match && person.has_value()) {
        ASSIGN_OR_RETURN(
            std::optional<EdgeRecord> spoken,
            snapshot.GetEdge(id, EdgeKind::kSpokenBy, *person));
        tracker.AddEdges(1);
        match = spoken.has_value();
      }
      if (match && result.hits.size() == page_size) {
        more = true;  // It opens the next page.
        break;
      }
      // A hit's snippet is a few dozen characters: the record dominates.
      const size_t size = match ? record->ByteSizeLong() : 0;
      if (match && !bytes.Fits(size)) {
        more = true;  // It opens the next page.
        break;
      }
      last_examined = id;
      if (!match) continue;
      bytes.Add(size);
      SearchHit hit;
      hit.id = id;
      hit.snippet = batch[i].position.has_value()
                        ? SnippetAt(record->text(), *batch[i].position)
                        : Snippet(record->text(), normalized, at);
      hit.remark = records[i];
      result.hits.push_back(std::move(hit));
    }
  }
  // After a cut the next page resumes behind the last remark examined, so
  // that paging still reaches every match.
  if (more || cut) {
    result.next_page_token =
        internal::EncodePageToken(kTokenKind, scope, last_examined);
  }
  result.stats = tracker.Finish();
  return result;
}

}  // namespace remarkgraph::query
