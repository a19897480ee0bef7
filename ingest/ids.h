// Deterministic ids of the nodes an import creates, so that importing the
// same minutes again names the same nodes and replaces them.
#ifndef REMARKGRAPH_INGEST_IDS_H_
#define REMARKGRAPH_INGEST_IDS_H_

#include <string>
#include <string_view>

namespace remarkgraph::ingest {

// Whether `id` is a valid resource id segment (see storage::ParseResourceName).
bool IsValidId(std::string_view id);

// NFKC, spaces removed, '/' and controls replaced; long ids are cut at a code
// point boundary and end with a short hash of the whole, to fit 128 bytes.
std::string SlugId(std::string_view text, size_t max_bytes = 120);

// "<body>-<YYYY-MM-DD>[-<ordinal>]"; without a date, the digest's first 12
// hex digits stand in for it.
std::string MeetingIdFor(std::string_view body, std::string_view date,
                         int ordinal, std::string_view digest);

std::string BodyIdFor(std::string_view body);          // SlugId(body)
// "加藤勝信": spaces, an honorific and variant kanji (髙/高) do not count.
std::string PersonIdFor(std::string_view name);
std::string DocumentIdFor(std::string_view document);  // "資料4-2"

}  // namespace remarkgraph::ingest

#endif  // REMARKGRAPH_INGEST_IDS_H_
