#include "ingest/importer.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "ingest/linker.h"
#include "ingest/matter_catalog.h"
#include "ingest/to_mutation.h"

namespace remarkgraph::ingest {
namespace {

// Both the store's matters and those of meetings earlier in the input.
class LayeredCatalog : public MatterCatalog {
 public:
  void AddAll(const MatterCatalog& other) {
    for (const KnownMatter& m : other.Matters()) memory_.Add(m);
  }
  void Add(KnownMatter m) { memory_.Add(std::move(m)); }
  const std::vector<KnownMatter>& Matters() const override { return memory_.Matters(); }

 private:
  InMemoryMatterCatalog memory_;
};

}  // namespace

absl::StatusOr<ImportResult> ImportMinutes(std::string_view text, Format format,
                                           const ImportMetadata& metadata,
                                           storage::GraphSnapshot* snapshot,
                                           const ParseOptions& options,
                                           const Interrupt& interrupt) {
  auto check = [&]() { return interrupt ? interrupt() : absl::OkStatus(); };
  ImportResult result;
  ParseOptions parse_options = options;
  if (!parse_options.interrupt) parse_options.interrupt = interrupt;
  ASSIGN_OR_RETURN(result.minutes, ParseAllMinutes(text, format, metadata, parse_options));
  // Nothing reads the source text after parsing (spans are offsets into
  // it, the digest is taken): freed before the linker takes its memory.
  for (ParsedMinutes& m : result.minutes) std::string().swap(m.source_text);
  RETURN_IF_ERROR(check());
  LayeredCatalog catalog;
  std::unique_ptr<RemarkCorpus> stored;
  if (snapshot != nullptr) {
    ASSIGN_OR_RETURN(auto loaded, LoadMatterCatalog(*snapshot));
    catalog.AddAll(*loaded);
    stored = SnapshotRemarkCorpus(*snapshot);
  }
  InMemoryRemarkCorpus batch;  // Remarks of earlier meetings of this input.
  for (size_t k = 0; k < result.minutes.size(); ++k) {
    ParsedMinutes& m = result.minutes[k];
    const bool last = k + 1 == result.minutes.size();
    // Remarks already stored, then those earlier in this input.
    RETURN_IF_ERROR(LinkMinutes(m, {&catalog, &batch}, interrupt));
    RETURN_IF_ERROR(check());
    if (stored != nullptr) {
      // Only the stored remarks that name this meeting's matters are new:
      // the links of the minutes themselves were made above.
      RETURN_IF_ERROR(LinkExternal(m, {&catalog, stored.get()}, interrupt));
      RETURN_IF_ERROR(check());
    }
    for (const Item& i : m.items) {
      if (i.matter_id.empty()) continue;  // その他: no matter.
      catalog.Add({i.matter_id, i.matter_title, {storage::MeetingName(m.meeting_id)}});
    }
    // Only later meetings of the input look for these remarks.
    if (!last) {
      for (const Remark& r : m.remarks) batch.Add(ToStoredRemark(m, r));
    }
    if (snapshot != nullptr) {
      ASSIGN_OR_RETURN(storage::Mutation one, BuildReplacingMutationReleasing(m, *snapshot));
      result.mutation.Append(std::move(one));
    } else {
      result.mutation.Append(BuildMutationReleasing(m));
    }
  }
  return result;
}

size_t EstimatedImportMemory(size_t input_bytes, ImportWrite write) {
  // Peak growth of the resident set over the input, measured on generated
  // minutes of short remarks (the costly case: much of the memory goes per
  // remark and per link), with a margin: see docs/import.md.
  constexpr size_t kDryRunMultiple = 24;  // Measured 17x.
  constexpr size_t kLoggedMultiple = 54;  // Measured 42x.
  constexpr size_t kBulkMultiple = 44;    // Measured 34x.
  // Apply writes the postings of an import holding less text than
  // storage::StoreOptions::bulk_postings_from_code_points (2^18 code
  // points) through the log: about 30x the input more (measured 72x in
  // all on 2.8 MB with that bound off), so at most about 30 MiB more at the
  // bound. Above it, only that much of a larger import's text could.
  constexpr size_t kThroughLogMultiple = 40;
  constexpr size_t kThroughLogCap = size_t{40} << 20;
  const size_t through_log = std::min(input_bytes * kThroughLogMultiple, kThroughLogCap);
  switch (write) {
    case ImportWrite::kNone:
      return input_bytes * kDryRunMultiple;
    case ImportWrite::kLogged:
      return input_bytes * kLoggedMultiple + through_log;
    case ImportWrite::kBulk:
      return input_bytes * kBulkMultiple;
  }
  return input_bytes * kLoggedMultiple + through_log;
}

}  // namespace remarkgraph::ingest
