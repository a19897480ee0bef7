// Column families, status conversion and the persistent counters shared by
// the RocksDB store and its writer.
#ifndef REMARKGRAPH_STORAGE_INTERNAL_ROCKSDB_UTIL_H_
#define REMARKGRAPH_STORAGE_INTERNAL_ROCKSDB_UTIL_H_

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "rocksdb/db.h"
#include "storage/backup.h"
#include "storage/graph_store.h"

namespace remarkgraph::storage::internal {

enum class ColumnFamily : size_t {
  kDefault = 0,
  kNodes,
  kNames,
  kOut,
  kIn,
  kIndex,
  kText,
  kLog,
  kMeta,
};
inline constexpr std::array<std::string_view, 9> kColumnFamilyNames = {
    "default", "nodes", "names", "out", "in", "index", "text", "log", "meta"};

// The open column family handles, indexed by ColumnFamily.
class Handles {
 public:
  Handles() = default;
  explicit Handles(std::vector<rocksdb::ColumnFamilyHandle*> handles)
      : handles_(std::move(handles)) {}
  rocksdb::ColumnFamilyHandle* at(ColumnFamily family) const {
    return handles_[static_cast<size_t>(family)];
  }
  const std::vector<rocksdb::ColumnFamilyHandle*>& all() const {
    return handles_;
  }
  void clear() { handles_.clear(); }

 private:
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

// Counters kept in `meta`, written in the same batch as every change.
struct Counters {
  uint64_t next_id = 1;
  uint64_t next_sequence = 1;
  int64_t nodes = 0;
  int64_t edges = 0;
};

inline constexpr std::string_view kMetaSchemaVersion = "schema_version";
inline constexpr std::string_view kMetaNextId = "next_id";
inline constexpr std::string_view kMetaNextSequence = "next_sequence";
inline constexpr std::string_view kMetaNodeCount = "node_count";
inline constexpr std::string_view kMetaEdgeCount = "edge_count";

// Reads the counters, writing the schema version into a new database.
// FAILED_PRECONDITION if the database has a newer schema than `version`.
absl::StatusOr<Counters> LoadCounters(rocksdb::DB* db, const Handles& handles,
                                      int version);

// The monitoring figures of `db` (GraphStore::EngineFigures). Block cache
// hits and misses need `db` opened with statistics; without them they are
// left out.
std::vector<EngineFigure> CollectEngineFigures(rocksdb::DB* db, const Handles& handles);

// A backup of `db` in `backup_dir` (storage/backup.h), recording
// `last_change_sequence` with it.
absl::StatusOr<BackupInfo> CreateRocksDbBackup(rocksdb::DB* db, const std::string& backup_dir,
                                               uint64_t last_change_sequence);

// A RocksDB status as an absl::Status, with what was being done.
absl::Status ToStatus(const rocksdb::Status& status, std::string_view doing);

}  // namespace remarkgraph::storage::internal

#endif  // REMARKGRAPH_STORAGE_INTERNAL_ROCKSDB_UTIL_H_
