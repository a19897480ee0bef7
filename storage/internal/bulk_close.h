// Ending a bulk write that will never commit (docs/storage.md, "Bulk
// writes"): one that reserved its ids and then failed, or whose process
// ended, before its last write. Its ingestion may have taken a sequence
// number the write-ahead log holds no record for, and may have left
// postings to the reserved ids, which no node will ever take. Closing it
// names the gap in the log and deletes those postings, which it finds in
// a link to the ingested table file kept from before the ingestion until
// the write commits or is closed.
//
// Thread safety: the caller holds the store's write lock, or the store is
// not open yet.
#ifndef REMARKGRAPH_STORAGE_INTERNAL_BULK_CLOSE_H_
#define REMARKGRAPH_STORAGE_INTERNAL_BULK_CLOSE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"
#include "storage/internal/rocksdb_util.h"
#include "storage/records.pb.h"

namespace remarkgraph::storage::internal {

// Where a bulk write keeps its posting table, in the database directory
// `db_dir`, from before its ingestion until its write commits or is
// closed.
std::string KeptPostingTablePath(std::string_view db_dir);

// Keeps the table file at `path` at `kept` too: a hard link (no copy of
// the data), or a copy where the file system refuses links. An older file
// at `kept` is replaced.
absl::Status KeepPostingTable(const std::string& path, const std::string& kept);

// Deletions per write when closing: bounds a closing write's size.
inline constexpr size_t kClosingDeletionsPerWrite = 1 << 16;

// Closes the bulk write of `note` through `write`: deletes every posting
// of the reserved ids (first_id .. end_id - 1) that the kept table at
// `kept` holds (none without a table; postings of other ids are never
// touched), carries the note's BulkPostings log data in the first write,
// so that log readers know the gap the ingestion may have left before
// it, and deletes kMetaBulkPending in the last write. At most
// kClosingDeletionsPerWrite deletions a write. Repeated after a failure
// or a crash midway, it writes the same again, which is harmless:
// deleting a missing key, and a note where the log has no gap, change
// nothing. `text_options` are the text family's (to read the table).
// Returns how many postings it deleted.
absl::StatusOr<size_t> CloseBulkWrite(
    const Handles& handles, const BulkPostings& note, const rocksdb::Options& text_options,
    const std::string& kept, absl::FunctionRef<absl::Status(rocksdb::WriteBatch*)> write);

}  // namespace remarkgraph::storage::internal

#endif  // REMARKGRAPH_STORAGE_INTERNAL_BULK_CLOSE_H_
