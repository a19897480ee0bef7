// Fuzz target for the minutes parsers: one binary per format (the format is
// fixed at build time by RG_FUZZ_FORMAT, the values of ingest::Format; 0 is
// detection). Any input must give minutes or INVALID_ARGUMENT; minutes that
// parse must be consistent (spans inside the source, offsets per code
// point, ordinals from 1, a valid meeting name), must link, and must turn
// into a mutation.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string_view>

#include "ingest/linker.h"
#include "ingest/parse.h"
#include "ingest/to_mutation.h"
#include "storage/schema.h"
#include "tests/fuzz/fuzz_check.h"

#ifndef RG_FUZZ_FORMAT
#error "RG_FUZZ_FORMAT must be set to an ingest::Format value"
#endif

namespace {

using remarkgraph::ingest::Format;
using remarkgraph::ingest::ParsedMinutes;
using remarkgraph::ingest::Span;

using remarkgraph::fuzz::Check;

int32_t CodePoints(std::string_view utf8) {
  int32_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

void CheckSpan(const Span& span, int32_t length, const char* what) {
  Check(span.begin >= 0 && span.begin <= span.end && span.end <= length, what);
}

void CheckMinutes(ParsedMinutes& minutes) {
  const int32_t length = CodePoints(minutes.source_text);
  const auto meeting = remarkgraph::storage::ParseResourceName(
      remarkgraph::storage::MeetingName(minutes.meeting_id), "meeting_id");
  if (!meeting.ok()) std::fprintf(stderr, "%s\n", meeting.status().ToString().c_str());
  Check(meeting.ok(), "the meeting id makes a valid meeting name");
  for (size_t i = 0; i < minutes.remarks.size(); ++i) {
    const auto& remark = minutes.remarks[i];
    Check(remark.ordinal == static_cast<int>(i + 1), "remark ordinals count from 1");
    Check(remarkgraph::storage::IsValidUtf8(remark.text), "remark text is UTF-8");
    Check(remark.text_offsets.size() == static_cast<size_t>(CodePoints(remark.text)),
          "one source offset per code point of a remark");
    for (int32_t offset : remark.text_offsets) {
      Check(offset >= 0 && offset <= length, "remark offsets inside the source");
    }
    CheckSpan(remark.span, length, "remark span inside the source");
  }
  for (size_t i = 0; i < minutes.items.size(); ++i) {
    Check(minutes.items[i].ordinal == static_cast<int>(i + 1), "item ordinals count from 1");
    CheckSpan(minutes.items[i].span, length, "item span inside the source");
  }
  for (const auto& attendee : minutes.attendees) {
    CheckSpan(attendee.span, length, "attendee span inside the source");
  }
  Check(remarkgraph::ingest::LinkMinutes(minutes).ok(), "minutes link without a corpus");
  for (const auto& link : minutes.links) {
    Check(link.remark >= 1 && link.remark <= static_cast<int>(minutes.remarks.size()),
          "a link starts at a remark of the minutes");
    Check(!link.evidence.empty(), "a link has evidence");
    for (const auto& evidence : link.evidence) {
      CheckSpan(evidence.span, length, "evidence span inside the source");
    }
  }
  (void)remarkgraph::ingest::BuildMutation(minutes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto format = static_cast<Format>(RG_FUZZ_FORMAT);
  remarkgraph::ingest::ParseOptions options;
  options.max_input_bytes = 1 << 20;
  auto all = remarkgraph::ingest::ParseAllMinutes(text, format, {}, options);
  if (all.ok()) {
    for (ParsedMinutes& minutes : *all) CheckMinutes(minutes);
  } else {
    Check(all.status().code() == absl::StatusCode::kInvalidArgument,
          "a parse error is INVALID_ARGUMENT");
  }
  auto one = remarkgraph::ingest::ParseMinutes(text, format, {}, options);
  if (!one.ok()) {
    Check(one.status().code() == absl::StatusCode::kInvalidArgument,
          "a parse error is INVALID_ARGUMENT");
  }
  return 0;
}
