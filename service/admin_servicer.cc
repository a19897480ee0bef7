#include "service/admin_servicer.h"

#include "common/log.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "service/rpc_util.h"
#include "storage/backup.h"

namespace remarkgraph::service {
namespace {

void ToProto(const storage::BackupInfo& info, v1::Backup* backup) {
  backup->set_backup_id(info.id);
  backup->set_create_time(
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", info.create_time, absl::UTCTimeZone()));
  backup->set_size_bytes(static_cast<int64_t>(info.size_bytes));
  backup->set_file_count(static_cast<int32_t>(info.file_count));
  backup->set_last_change_sequence(info.last_change_sequence);
}

}  // namespace

absl::Status AdminServicer::CheckConfigured() const {
  if (backup_dir_.empty()) {
    return absl::FailedPreconditionError(
        "the server has no backup directory: start it with --backup_dir");
  }
  return absl::OkStatus();
}

grpc::Status AdminServicer::CreateBackup(grpc::ServerContext*, const v1::CreateBackupRequest*,
                                         v1::CreateBackupResponse* response) {
  return Finish("CreateBackup", [&]() -> absl::Status {
    RETURN_IF_ERROR(CheckConfigured());
    ASSIGN_OR_RETURN(storage::BackupInfo info, store_->CreateBackup(backup_dir_));
    ToProto(info, response->mutable_backup());
    Log(LogSeverity::kInfo, "backup created",
        {{"backup_id", static_cast<int64_t>(info.id)},
         {"size_bytes", static_cast<int64_t>(info.size_bytes)},
         {"last_change_sequence", static_cast<int64_t>(info.last_change_sequence)}});
    return absl::OkStatus();
  });
}

grpc::Status AdminServicer::ListBackups(grpc::ServerContext*, const v1::ListBackupsRequest*,
                                        v1::ListBackupsResponse* response) {
  return Finish("ListBackups", [&]() -> absl::Status {
    RETURN_IF_ERROR(CheckConfigured());
    ASSIGN_OR_RETURN(std::vector<storage::BackupInfo> backups,
                     storage::ListBackups(backup_dir_));
    for (const storage::BackupInfo& info : backups) ToProto(info, response->add_backups());
    return absl::OkStatus();
  });
}

grpc::Status AdminServicer::VerifyBackup(grpc::ServerContext*,
                                         const v1::VerifyBackupRequest* request,
                                         v1::VerifyBackupResponse* response) {
  return Finish("VerifyBackup", [&]() -> absl::Status {
    RETURN_IF_ERROR(CheckConfigured());
    if (request->backup_id() == 0) {
      return absl::InvalidArgumentError("backup_id: required (1 or more)");
    }
    RETURN_IF_ERROR(storage::VerifyBackup(backup_dir_, request->backup_id()));
    ASSIGN_OR_RETURN(std::vector<storage::BackupInfo> backups,
                     storage::ListBackups(backup_dir_));
    for (const storage::BackupInfo& info : backups) {
      if (info.id == request->backup_id()) ToProto(info, response->mutable_backup());
    }
    return absl::OkStatus();
  });
}

}  // namespace remarkgraph::service
