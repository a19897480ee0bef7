// The RocksDB figures an operator watches: is the block cache big enough
// (hits, misses, usage), is compaction keeping up (pending bytes), how big
// is the data on disk and in memtables.
#include <cstdint>
#include <string>
#include <vector>

#include "rocksdb/statistics.h"
#include "storage/internal/rocksdb_util.h"

namespace remarkgraph::storage::internal {
namespace {

// An integer property summed over column families (0 where unknown).
double SumProperty(rocksdb::DB* db, const Handles& handles, const std::string& property) {
  uint64_t total = 0;
  for (rocksdb::ColumnFamilyHandle* handle : handles.all()) {
    uint64_t value = 0;
    if (db->GetIntProperty(handle, property, &value)) total += value;
  }
  return static_cast<double>(total);
}

}  // namespace

std::vector<EngineFigure> CollectEngineFigures(rocksdb::DB* db, const Handles& handles) {
  std::vector<EngineFigure> figures;
  if (const std::shared_ptr<rocksdb::Statistics> stats = db->GetOptions().statistics) {
    figures.push_back({"block_cache_hits", "Block cache hits since the database opened.", true,
                       static_cast<double>(stats->getTickerCount(rocksdb::BLOCK_CACHE_HIT))});
    figures.push_back({"block_cache_misses", "Block cache misses since the database opened.",
                       true,
                       static_cast<double>(stats->getTickerCount(rocksdb::BLOCK_CACHE_MISS))});
  }
  // The block cache is shared by all column families: read it once.
  uint64_t cache_usage = 0;
  db->GetIntProperty(rocksdb::DB::Properties::kBlockCacheUsage, &cache_usage);
  figures.push_back({"block_cache_usage_bytes", "Bytes held in the shared block cache.", false,
                     static_cast<double>(cache_usage)});
  figures.push_back({"pending_compaction_bytes",
                     "Estimated bytes compaction must rewrite to settle the LSM tree.", false,
                     SumProperty(db, handles,
                                 rocksdb::DB::Properties::kEstimatePendingCompactionBytes)});
  figures.push_back({"sst_files_bytes", "Bytes of all SST files, live and obsolete.", false,
                     SumProperty(db, handles, rocksdb::DB::Properties::kTotalSstFilesSize)});
  figures.push_back({"live_sst_files_bytes", "Bytes of the SST files of the current version.",
                     false,
                     SumProperty(db, handles, rocksdb::DB::Properties::kLiveSstFilesSize)});
  figures.push_back({"memtable_bytes", "Bytes of all memtables, active and unflushed.", false,
                     SumProperty(db, handles, rocksdb::DB::Properties::kCurSizeAllMemTables)});
  figures.push_back({"estimated_keys", "Estimated number of keys over all column families.",
                     false, SumProperty(db, handles, rocksdb::DB::Properties::kEstimateNumKeys)});
  return figures;
}

}  // namespace remarkgraph::storage::internal
