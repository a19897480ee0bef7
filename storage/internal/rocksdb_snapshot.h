// The RocksDB implementation of GraphSnapshot (storage/graph_store.h), made
// by the store for each Snapshot() call.
#ifndef REMARKGRAPH_STORAGE_INTERNAL_ROCKSDB_SNAPSHOT_H_
#define REMARKGRAPH_STORAGE_INTERNAL_ROCKSDB_SNAPSHOT_H_

#include <memory>

#include "rocksdb/db.h"
#include "storage/graph_store.h"
#include "storage/internal/adjacency.h"
#include "storage/internal/read_cache.h"
#include "storage/internal/rocksdb_util.h"

namespace remarkgraph::storage::internal {

// A view of `db` at `snapshot`, which it takes over (and releases).
// `adjacency` is the adjacency version of the snapshot's sequence, or
// nullptr (edges are then scanned in RocksDB). `handles` and `cache` belong
// to the store and must outlive the snapshot, as the store must
// (GraphStore's contract).
std::unique_ptr<GraphSnapshot> NewRocksDbSnapshot(
    rocksdb::DB* db, const Handles* handles, ReadCache* cache,
    const rocksdb::Snapshot* snapshot, std::shared_ptr<const AdjacencyVersion> adjacency);

}  // namespace remarkgraph::storage::internal

#endif  // REMARKGRAPH_STORAGE_INTERNAL_ROCKSDB_SNAPSHOT_H_
