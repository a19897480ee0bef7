// Backups of the RocksDB graph store with RocksDB's BackupEngine: each
// backup is a consistent point-in-time copy (taken while writes go on;
// SST files shared between backups are stored once), checksummed, and
// restorable into a new directory that a server can then open.
//
// A backup directory is used by one server at a time for creating backups;
// listing, verifying and restoring only read it.
#ifndef REMARKGRAPH_STORAGE_BACKUP_H_
#define REMARKGRAPH_STORAGE_BACKUP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace remarkgraph::storage {

struct BackupInfo {
  uint32_t id = 0;  // 1, 2, ... in creation order.
  absl::Time create_time;
  uint64_t size_bytes = 0;  // Of the files the backup holds (shared ones too).
  uint32_t file_count = 0;
  // Every change up to this change-log sequence is in the backup (changes
  // committed while it was taken may be too).
  uint64_t last_change_sequence = 0;
};

// The backups in `backup_dir`, oldest first. An empty list when there is no
// backup there yet.
absl::StatusOr<std::vector<BackupInfo>> ListBackups(const std::string& backup_dir);

// Checks that backup `id`'s files are all there with their sizes and
// checksums. NOT_FOUND for an unknown id; DATA_LOSS naming what is wrong.
absl::Status VerifyBackup(const std::string& backup_dir, uint32_t id);

// Restores backup `id` (0: the latest) into `data_dir`, which must not
// exist or be empty (FAILED_PRECONDITION otherwise: restoring over a
// database, perhaps open in a server, would destroy it). NOT_FOUND for an
// unknown id.
absl::Status RestoreBackup(const std::string& backup_dir, uint32_t id,
                           const std::string& data_dir);

}  // namespace remarkgraph::storage

#endif  // REMARKGRAPH_STORAGE_BACKUP_H_
