// What the linker may know beyond the minutes it links: the matters (and
// their items) of meetings imported before, and the remarks of those
// meetings. With both, a remark that names another meeting's matter is
// linked to it whichever of the two meetings is imported first:
//   - importing the naming meeting second: its remark names a known matter
//     (MatterCatalog) -> REFERENCES remark -> matter;
//   - importing it first: the later import finds the stored remark
//     (RemarkCorpus) and emits the same edge as an ExternalLink.
// Both run the same matcher on the same text, so the edge and its evidence
// are identical either way.
//
// Thread safety: implementations are used from one thread at a time.
#ifndef REMARKGRAPH_INGEST_MATTER_CATALOG_H_
#define REMARKGRAPH_INGEST_MATTER_CATALOG_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/graph_store.h"

namespace remarkgraph::ingest {

struct KnownMatter {
  std::string id;     // matters/{id}
  std::string title;  // The core title the matter is named by.
  std::vector<std::string> meeting_names;  // Meetings with items about it.
};

class MatterCatalog {
 public:
  virtual ~MatterCatalog() = default;
  // Every known matter; the linker skips those of the meeting it links.
  virtual const std::vector<KnownMatter>& Matters() const = 0;
};

// A remark of another meeting, as stored.
struct StoredRemark {
  std::string name;          // meetings/{m}/remarks/{n}
  std::string meeting_name;  // meetings/{m}
  std::string text;
  // (text code point, source offset) breakpoints: offset of text code point
  // i is that of the last breakpoint at or before i plus the distance to it.
  std::vector<std::pair<int32_t, int32_t>> offset_map;
  // YYYY-MM-DD, or empty when unknown: time-relative matters (次期X) are
  // those of the remark's own year.
  std::string meeting_date;
};

struct ParsedMinutes;
struct Remark;
// `remark` of `minutes` as the corpus keeps it, with its offset breakpoints.
StoredRemark ToStoredRemark(const ParsedMinutes& minutes, const Remark& remark);

class RemarkCorpus {
 public:
  virtual ~RemarkCorpus() = default;
  // Visits stored remarks whose text may contain `phrase` (NFKC); callers
  // confirm. Remarks of `exclude_meeting` are skipped.
  virtual absl::Status ForEachCandidate(
      std::string_view phrase, std::string_view exclude_meeting,
      absl::FunctionRef<void(const StoredRemark&)> visit) = 0;
};

// In-memory implementations, for tests and batch imports.
class InMemoryMatterCatalog : public MatterCatalog {
 public:
  void Add(KnownMatter matter);
  const std::vector<KnownMatter>& Matters() const override { return matters_; }

 private:
  std::vector<KnownMatter> matters_;
};

class InMemoryRemarkCorpus : public RemarkCorpus {
 public:
  void Add(StoredRemark remark);
  absl::Status ForEachCandidate(
      std::string_view phrase, std::string_view exclude_meeting,
      absl::FunctionRef<void(const StoredRemark&)> visit) override;

 private:
  std::vector<StoredRemark> remarks_;
};

// Reads every MATTER node, with the meetings of the items ABOUT it.
absl::StatusOr<std::unique_ptr<InMemoryMatterCatalog>> LoadMatterCatalog(
    storage::GraphSnapshot& snapshot);

// Finds stored remarks through the snapshot's text index. The snapshot must
// outlive the corpus.
std::unique_ptr<RemarkCorpus> SnapshotRemarkCorpus(
    storage::GraphSnapshot& snapshot);

// The offset_map property of a remark node, encoded and decoded
// ("0:120,57:180").
std::string EncodeOffsetMap(const std::vector<std::pair<int32_t, int32_t>>& m);
std::vector<std::pair<int32_t, int32_t>> DecodeOffsetMap(std::string_view s);

}  // namespace remarkgraph::ingest

#endif  // REMARKGRAPH_INGEST_MATTER_CATALOG_H_
