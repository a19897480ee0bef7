#include "ingest/importer.h"

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

void Append(const storage::Mutation& from, storage::Mutation& to) {
  for (const auto& op : from.ops()) {
    switch (op.type) {
      case storage::Mutation::Op::Type::kUpsertNode: to.UpsertNode(op.node); break;
      case storage::Mutation::Op::Type::kUpsertEdge:
        to.UpsertEdge(op.name, op.edge_kind, op.target, op.edge);
        break;
      case storage::Mutation::Op::Type::kDeleteEdge:
        to.DeleteEdge(op.name, op.edge_kind, op.target);
        break;
      case storage::Mutation::Op::Type::kDeleteNode:
        to.DeleteNode(op.name, op.allow_missing);
        break;
    }
  }
}

}  // namespace

absl::StatusOr<ImportResult> ImportMinutes(std::string_view text, Format format,
                                           const ImportMetadata& metadata,
                                           storage::GraphSnapshot* snapshot,
                                           const ParseOptions& options,
                                           const std::function<absl::Status()>& interrupt) {
  auto check = [&]() { return interrupt ? interrupt() : absl::OkStatus(); };
  ImportResult result;
  ASSIGN_OR_RETURN(result.minutes, ParseAllMinutes(text, format, metadata, options));
  RETURN_IF_ERROR(check());
  LayeredCatalog catalog;
  std::unique_ptr<RemarkCorpus> stored;
  if (snapshot != nullptr) {
    ASSIGN_OR_RETURN(auto loaded, LoadMatterCatalog(*snapshot));
    catalog.AddAll(*loaded);
    stored = SnapshotRemarkCorpus(*snapshot);
  }
  InMemoryRemarkCorpus batch;  // Remarks of earlier meetings of this input.
  for (ParsedMinutes& m : result.minutes) {
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
      catalog.Add({i.matter_id, i.matter_title, {storage::MeetingName(m.meeting_id)}});
    }
    for (const Remark& r : m.remarks) batch.Add(ToStoredRemark(m, r));
    if (snapshot != nullptr) {
      ASSIGN_OR_RETURN(storage::Mutation one, BuildReplacingMutation(m, *snapshot));
      Append(one, result.mutation);
    } else {
      Append(BuildMutation(m), result.mutation);
    }
  }
  return result;
}

}  // namespace remarkgraph::ingest
