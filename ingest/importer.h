// One call from minutes text to the mutation that stores them: parse, link
// against what the store already holds, build the replacing mutation.
//
// Thread safety: as the snapshot given; the function keeps no state.
#ifndef REMARKGRAPH_INGEST_IMPORTER_H_
#define REMARKGRAPH_INGEST_IMPORTER_H_

#include <functional>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "ingest/interrupt.h"
#include "ingest/minutes.h"
#include "ingest/parse.h"
#include "storage/graph_store.h"

namespace remarkgraph::ingest {

struct ImportResult {
  // Linked; one per meeting in the input. Not held twice: each remark's
  // text and the evidence quotes are empty here (the mutation's records
  // carry them), and so is the source text (freed once parsed; spans are
  // offsets into it). Everything else (header, attendees, items, speakers,
  // links and their spans, warnings) is as parsed and linked.
  std::vector<ParsedMinutes> minutes;
  storage::Mutation mutation;  // Apply it in one GraphStore::Apply.
};

// Parses every meeting of `text` (ParseAllMinutes), links each against the
// matters and remarks `snapshot` holds (and against the meetings before it
// in the same input), and builds one mutation that replaces any previous
// import of the same meetings. `snapshot` may be null: then nothing stored
// is consulted and the mutation only upserts. Errors: those of
// ParseAllMinutes (INVALID_ARGUMENT), and storage errors from the snapshot.
//
// `interrupt`, when set, is called between the steps (after parsing, before
// and after linking each meeting, before building its mutation); a non-OK
// status it returns (a deadline passed, a cancelled call) ends the import
// with that status.
//
// `interrupt` is also polled inside parsing and linking, every few hundred
// lines and remarks (ParseOptions::interrupt, LinkMinutes), so that a large
// import stops within a bounded time.
absl::StatusOr<ImportResult> ImportMinutes(
    std::string_view text, Format format, const ImportMetadata& metadata,
    storage::GraphSnapshot* snapshot, const ParseOptions& options = {},
    const Interrupt& interrupt = nullptr);

// How an import is written.
enum class ImportWrite {
  kNone,    // A dry run: parsed and linked, not written.
  kLogged,  // GraphStore::Apply: through the write-ahead log and memtable.
  kBulk,    // GraphStore::ApplyBulk: postings ingested as a table file.
};

// About the peak memory, in bytes, of an import of `input_bytes` of minutes
// text: parsing, linking, the mutation and the write into the store as
// `write` says. A multiple of the input measured with
// bench/import_memory_main.cc and tests/ingest/import_memory_test.cc on
// generated minutes, rounded up (for kLogged, plus what the postings of up
// to StoreOptions::bulk_postings_from_code_points take through the log);
// for refusing up front an import that would not fit a memory budget.
size_t EstimatedImportMemory(size_t input_bytes, ImportWrite write);

}  // namespace remarkgraph::ingest

#endif  // REMARKGRAPH_INGEST_IMPORTER_H_
