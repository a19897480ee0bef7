// AdminService: backups of the database into the server's backup
// directory (storage/backup.h). Thread-safe; backups run one at a time.
#ifndef REMARKGRAPH_SERVICE_ADMIN_SERVICER_H_
#define REMARKGRAPH_SERVICE_ADMIN_SERVICER_H_

#include <string>

#include "remarkgraph/v1/admin_service.grpc.pb.h"
#include "storage/graph_store.h"

namespace remarkgraph::service {

class AdminServicer final : public v1::AdminService::Service {
 public:
  // `store` must outlive the servicer. An empty `backup_dir` turns backups
  // off (FAILED_PRECONDITION).
  AdminServicer(storage::GraphStore* store, std::string backup_dir)
      : store_(store), backup_dir_(std::move(backup_dir)) {}

  grpc::Status CreateBackup(grpc::ServerContext* context, const v1::CreateBackupRequest* request,
                            v1::CreateBackupResponse* response) override;
  grpc::Status ListBackups(grpc::ServerContext* context, const v1::ListBackupsRequest* request,
                           v1::ListBackupsResponse* response) override;
  grpc::Status VerifyBackup(grpc::ServerContext* context, const v1::VerifyBackupRequest* request,
                            v1::VerifyBackupResponse* response) override;

 private:
  absl::Status CheckConfigured() const;

  storage::GraphStore* const store_;
  const std::string backup_dir_;
};

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_ADMIN_SERVICER_H_
