#include <filesystem>
#include <memory>

#include "absl/strings/numbers.h"
#include "common/error_details.h"
#include "common/strings.h"
#include "rocksdb/utilities/backup_engine.h"
#include "storage/backup.h"
#include "storage/internal/rocksdb_util.h"

namespace remarkgraph::storage {
namespace {

using internal::ToStatus;

// The application metadata stored with each backup.
constexpr std::string_view kSequencePrefix = "last_change_sequence=";

BackupInfo FromRocksDb(const rocksdb::BackupInfo& info) {
  BackupInfo backup;
  backup.id = info.backup_id;
  backup.create_time = absl::FromUnixSeconds(info.timestamp);
  backup.size_bytes = info.size;
  backup.file_count = info.number_files;
  if (std::string_view(info.app_metadata).starts_with(kSequencePrefix)) {
    absl::SimpleAtoi(absl::string_view(info.app_metadata).substr(kSequencePrefix.size()),
                     &backup.last_change_sequence);
  }
  return backup;
}

absl::StatusOr<std::unique_ptr<rocksdb::BackupEngineReadOnly>> OpenReadOnly(
    const std::string& backup_dir) {
  if (!std::filesystem::is_directory(backup_dir)) {
    return absl::NotFoundError(StrCat("no backup directory '", backup_dir, "'"));
  }
  rocksdb::BackupEngineReadOnly* engine = nullptr;
  rocksdb::IOStatus s = rocksdb::BackupEngineReadOnly::Open(
      rocksdb::Env::Default(), rocksdb::BackupEngineOptions(backup_dir), &engine);
  if (!s.ok()) return ToStatus(s, StrCat("opening backups in '", backup_dir, "'"));
  return std::unique_ptr<rocksdb::BackupEngineReadOnly>(engine);
}

absl::Status CheckKnown(const rocksdb::BackupEngineReadOnly& engine, uint32_t id,
                        const std::string& backup_dir) {
  std::vector<rocksdb::BackupInfo> infos;
  engine.GetBackupInfo(&infos);
  for (const rocksdb::BackupInfo& info : infos) {
    if (info.backup_id == id) return absl::OkStatus();
  }
  return NotFoundResourceError("backup", StrCat(id));
}

}  // namespace

namespace internal {

absl::StatusOr<BackupInfo> CreateRocksDbBackup(rocksdb::DB* db, const std::string& backup_dir,
                                               uint64_t last_change_sequence) {
  std::error_code error;
  std::filesystem::create_directories(backup_dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        StrCat("cannot create backup directory '", backup_dir, "': ", error.message()));
  }
  rocksdb::BackupEngine* raw = nullptr;
  rocksdb::IOStatus s = rocksdb::BackupEngine::Open(
      rocksdb::BackupEngineOptions(backup_dir), rocksdb::Env::Default(), &raw);
  if (!s.ok()) return ToStatus(s, StrCat("opening backups in '", backup_dir, "'"));
  std::unique_ptr<rocksdb::BackupEngine> engine(raw);
  rocksdb::CreateBackupOptions options;
  // Memtables are flushed first so the backup needs no WAL replay; RocksDB
  // pins the live files, so writes go on meanwhile.
  options.flush_before_backup = true;
  rocksdb::BackupID id = 0;
  s = engine->CreateNewBackupWithMetadata(options, db,
                                          StrCat(kSequencePrefix, last_change_sequence), &id);
  if (!s.ok()) return ToStatus(s, "creating a backup");
  std::vector<rocksdb::BackupInfo> infos;
  engine->GetBackupInfo(&infos);
  for (const rocksdb::BackupInfo& info : infos) {
    if (info.backup_id == id) return FromRocksDb(info);
  }
  return absl::InternalError("the new backup is not listed");
}

}  // namespace internal

absl::StatusOr<std::vector<BackupInfo>> ListBackups(const std::string& backup_dir) {
  if (!std::filesystem::exists(backup_dir)) return std::vector<BackupInfo>();
  absl::StatusOr<std::unique_ptr<rocksdb::BackupEngineReadOnly>> engine =
      OpenReadOnly(backup_dir);
  if (!engine.ok()) return engine.status();
  std::vector<rocksdb::BackupInfo> infos;
  (*engine)->GetBackupInfo(&infos);
  std::vector<BackupInfo> backups;
  for (const rocksdb::BackupInfo& info : infos) backups.push_back(FromRocksDb(info));
  return backups;
}

absl::Status VerifyBackup(const std::string& backup_dir, uint32_t id) {
  absl::StatusOr<std::unique_ptr<rocksdb::BackupEngineReadOnly>> engine =
      OpenReadOnly(backup_dir);
  if (!engine.ok()) return engine.status();
  if (absl::Status known = CheckKnown(**engine, id, backup_dir); !known.ok()) return known;
  const rocksdb::IOStatus s = (*engine)->VerifyBackup(id, /*verify_with_checksum=*/true);
  if (!s.ok()) return absl::DataLossError(StrCat("backup ", id, " is damaged: ", s.ToString()));
  return absl::OkStatus();
}

absl::Status RestoreBackup(const std::string& backup_dir, uint32_t id,
                           const std::string& data_dir) {
  std::error_code error;
  if (std::filesystem::exists(data_dir) && !std::filesystem::is_empty(data_dir, error)) {
    return absl::FailedPreconditionError(
        StrCat("'", data_dir, "' is not empty: restore into a new or empty directory"));
  }
  absl::StatusOr<std::unique_ptr<rocksdb::BackupEngineReadOnly>> engine =
      OpenReadOnly(backup_dir);
  if (!engine.ok()) return engine.status();
  rocksdb::IOStatus s;
  if (id == 0) {
    std::vector<rocksdb::BackupInfo> infos;
    (*engine)->GetBackupInfo(&infos);
    if (infos.empty()) {
      return absl::NotFoundError(StrCat("there is no backup in '", backup_dir, "'"));
    }
    s = (*engine)->RestoreDBFromLatestBackup(data_dir, data_dir);
  } else {
    if (absl::Status known = CheckKnown(**engine, id, backup_dir); !known.ok()) return known;
    s = (*engine)->RestoreDBFromBackup(id, data_dir, data_dir);
  }
  return ToStatus(s, StrCat("restoring into '", data_dir, "'"));
}

}  // namespace remarkgraph::storage
