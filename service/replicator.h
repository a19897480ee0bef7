// The replica's side of read replicas (remarkgraphd --replicate_from): copies
// the primary's database once (BootstrapReplica), then follows its writes
// (Replicator), applying each committed write batch in sequence so that the
// replica holds the same bytes, ids and page tokens as the primary.
#ifndef REMARKGRAPH_SERVICE_REPLICATOR_H_
#define REMARKGRAPH_SERVICE_REPLICATOR_H_

#include <grpcpp/client_context.h>
#include <grpcpp/health_check_service_interface.h>

#include <atomic>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "service/primary_channel.h"
#include "storage/graph_store.h"

namespace remarkgraph::service {

// When `data_dir` holds no database, downloads a checkpoint of the primary
// into it (through a sibling directory renamed
// into place, so that an interrupted download leaves no half database).
// UNAVAILABLE when the primary cannot be reached; the primary's status
// (UNAUTHENTICATED, PERMISSION_DENIED) when it refuses the replica.
absl::Status BootstrapReplica(const PrimaryConnection& primary, const std::string& data_dir);

class Replicator {
 public:
  // Starts following `primary`. `store` and `health` must outlive the
  // object. Health (the overall status and `services`) is SERVING while
  // the replica is within `max_lag` of the primary, NOT_SERVING past it,
  // and NOT_SERVING for good when the primary no longer has the log the
  // replica needs (it must be bootstrapped again: stop it, empty its data
  // directory, start it).
  Replicator(PrimaryConnection primary, storage::GraphStore* store,
             grpc::HealthCheckServiceInterface* health, std::vector<std::string> services,
             absl::Duration max_lag);
  // Stops (see Stop).
  ~Replicator();

  // Stops following and waits for the thread. Idempotent; call before the
  // store is closed.
  void Stop();

  // Lag figures for metrics: remarkgraph_replica_lag_sequences,
  // remarkgraph_replica_lag_seconds, remarkgraph_replica_applied_batches_total,
  // remarkgraph_replica_applied_bytes_total,
  // remarkgraph_replica_needs_bootstrap. Thread-safe.
  std::vector<storage::EngineFigure> Figures() const;

 private:
  void Run();
  // One stream from the primary until it breaks; OK when stopped.
  absl::Status Follow();
  void UpdateHealth();
  double LagSeconds() const;

  const PrimaryConnection primary_;
  storage::GraphStore* const store_;
  grpc::HealthCheckServiceInterface* const health_;
  const std::vector<std::string> services_;
  const absl::Duration max_lag_;

  std::atomic<uint64_t> primary_sequence_{0};
  std::atomic<uint64_t> applied_batches_{0};
  std::atomic<uint64_t> applied_bytes_{0};
  // When the replica last knew it held everything the primary had
  // (absl::ToUnixMicros); lag in seconds is the time since.
  std::atomic<int64_t> current_at_micros_;
  std::atomic<bool> needs_bootstrap_{false};
  std::atomic<bool> serving_{false};

  // The primary's last message said nothing the replica lacks.
  std::atomic<bool> caught_up_{false};
  std::atomic<int64_t> last_message_micros_{0};
  // (primary sequence, when it was heard of), ascending; the follow thread's.
  std::deque<std::pair<uint64_t, absl::Time>> observations_;

  absl::Notification stop_;
  absl::Mutex context_mutex_;
  grpc::ClientContext* context_ ABSL_GUARDED_BY(context_mutex_) = nullptr;
  std::thread thread_;
};

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_REPLICATOR_H_
