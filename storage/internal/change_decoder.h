// Reads a committed write batch, as the write-ahead log holds it, back as
// the changes it made to nodes and edges (GraphStore::ReadChangeBatches).
// Only the primary records count: a node in `nodes`, an edge in `out` (its
// `in` copy, names, index entries, text postings, the change log and the
// counters are left out). Names come from the batch itself: the node
// records it writes, the names it creates, and its BatchNames log data.
#ifndef REMARKGRAPH_STORAGE_INTERNAL_CHANGE_DECODER_H_
#define REMARKGRAPH_STORAGE_INTERNAL_CHANGE_DECODER_H_

#include <optional>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "rocksdb/write_batch.h"
#include "storage/graph_store.h"
#include "storage/internal/rocksdb_util.h"

namespace remarkgraph::storage::internal {

// The changes of `batch`, whose first record has sequence `sequence`, from
// sequence `from` on (earlier ones are read for names, not returned).
// `stored_name` names a node the batch does not (a batch written before
// batches carried BatchNames); nullopt when it cannot. DATA_LOSS for a
// record that does not decode or a node without a name.
absl::StatusOr<ChangeBatch> DecodeChangeBatch(
    const Handles& handles, uint64_t sequence, const rocksdb::WriteBatch& batch,
    uint64_t from, absl::FunctionRef<std::optional<std::string>(NodeId)> stored_name);

}  // namespace remarkgraph::storage::internal

#endif  // REMARKGRAPH_STORAGE_INTERNAL_CHANGE_DECODER_H_
