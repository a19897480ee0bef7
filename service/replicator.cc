#include "service/replicator.h"

#include <grpcpp/grpcpp.h>

#include <filesystem>
#include <fstream>

#include "absl/time/clock.h"
#include "common/log.h"
#include "common/strings.h"
#include "remarkgraph/v1/replication_service.grpc.pb.h"

namespace remarkgraph::service {
namespace {

namespace fs = std::filesystem;

constexpr absl::Duration kFirstBackoff = absl::Milliseconds(100);
constexpr absl::Duration kMaxBackoff = absl::Seconds(5);
// The primary sends a heartbeat every second: a replica that heard within
// this long that it holds everything is not lagging.
constexpr absl::Duration kFreshness = absl::Seconds(2);
// Primary positions remembered for measuring lag in seconds.
constexpr size_t kMaxObservations = 100000;

absl::Status FromGrpc(const grpc::Status& status, std::string_view doing) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      StrCat(doing, ": ", status.error_message()));
}

}  // namespace

absl::Status BootstrapReplica(const PrimaryConnection& connection, const std::string& data_dir) {
  const std::string& primary = connection.address;
  std::error_code error;
  if (fs::exists(fs::path(data_dir) / "CURRENT", error)) return absl::OkStatus();
  if (fs::exists(data_dir, error) && !fs::is_empty(data_dir, error)) {
    return absl::FailedPreconditionError(
        StrCat("--data_dir '", data_dir,
               "' holds files but no database: empty it to bootstrap the replica"));
  }
  const fs::path staging = data_dir + ".bootstrap";
  fs::remove_all(staging, error);
  fs::create_directories(staging, error);
  if (error) {
    return absl::FailedPreconditionError(
        StrCat("cannot create '", staging.string(), "': ", error.message()));
  }
  Log(LogSeverity::kInfo, StrCat("replica: copying a checkpoint of ", primary));
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = ConnectToPrimary(connection);
  if (!channel.ok()) return channel.status();
  auto stub = v1::ReplicationService::NewStub(*channel);
  grpc::ClientContext context;
  context.set_wait_for_ready(true);
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Minutes(30)));
  auto reader = stub->FetchCheckpoint(&context, v1::FetchCheckpointRequest());
  v1::FetchCheckpointResponse chunk;
  std::ofstream out;
  std::string open_name;
  uint64_t sequence = 0, bytes = 0;
  int files = 0;
  while (reader->Read(&chunk)) {
    if (chunk.sequence() != 0) sequence = chunk.sequence();
    const std::string& name = chunk.file_name();
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
      context.TryCancel();
      reader->Finish().IgnoreError();
      return absl::DataLossError(StrCat("the primary sent a bad checkpoint file name '",
                                        EscapeForLog(name), "'"));
    }
    if (name != open_name) {
      out.close();
      out.open(staging / name, std::ios::binary | std::ios::trunc);
      open_name = name;
      ++files;
    }
    out.write(chunk.data().data(), static_cast<std::streamsize>(chunk.data().size()));
    bytes += chunk.data().size();
    if (!out) {
      context.TryCancel();
      reader->Finish().IgnoreError();
      return absl::UnavailableError(StrCat("cannot write '", (staging / name).string(), "'"));
    }
  }
  out.close();
  const grpc::Status finished = reader->Finish();
  if (!finished.ok()) return FromGrpc(finished, StrCat("fetching a checkpoint of ", primary));
  if (!fs::exists(staging / "CURRENT", error)) {
    return absl::DataLossError("the primary's checkpoint has no CURRENT file");
  }
  fs::remove_all(data_dir, error);
  fs::rename(staging, data_dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        StrCat("cannot move the checkpoint into '", data_dir, "': ", error.message()));
  }
  Log(LogSeverity::kInfo, StrCat("replica: copied a checkpoint of ", primary, " at sequence ",
                                 sequence, " (", files, " files, ", bytes, " bytes)"));
  return absl::OkStatus();
}

Replicator::Replicator(PrimaryConnection primary, storage::GraphStore* store,
                       grpc::HealthCheckServiceInterface* health,
                       std::vector<std::string> services, absl::Duration max_lag)
    : primary_(std::move(primary)),
      store_(store),
      health_(health),
      services_(std::move(services)),
      max_lag_(max_lag),
      current_at_micros_(absl::ToUnixMicros(absl::Now())) {
  UpdateHealth();
  thread_ = std::thread([this] { Run(); });
}

Replicator::~Replicator() { Stop(); }

void Replicator::Stop() {
  {
    absl::MutexLock lock(&context_mutex_);
    if (!stop_.HasBeenNotified()) stop_.Notify();
    if (context_ != nullptr) context_->TryCancel();
  }
  if (thread_.joinable()) thread_.join();
}

double Replicator::LagSeconds() const {
  const absl::Time now = absl::Now();
  if (caught_up_.load() &&
      now - absl::FromUnixMicros(last_message_micros_.load()) < kFreshness) {
    return 0;
  }
  return absl::ToDoubleSeconds(now - absl::FromUnixMicros(current_at_micros_.load()));
}

std::vector<storage::EngineFigure> Replicator::Figures() const {
  const uint64_t applied = store_->LatestSequence();
  const uint64_t primary = primary_sequence_.load();
  return {
      {.name = "replica_lag_sequences",
       .help = "Sequence numbers the replica is behind the primary's latest it knows of.",
       .value = static_cast<double>(primary > applied ? primary - applied : 0)},
      {.name = "replica_lag_seconds",
       .help = "Seconds since the replica last held everything the primary had.",
       .value = LagSeconds()},
      {.name = "replica_applied_batches",
       .help = "Write batches of the primary applied.",
       .counter = true,
       .value = static_cast<double>(applied_batches_.load())},
      {.name = "replica_applied_bytes",
       .help = "Bytes of the primary's write batches applied.",
       .counter = true,
       .value = static_cast<double>(applied_bytes_.load())},
      {.name = "replica_needs_bootstrap",
       .help = "1 when the primary no longer has the log the replica needs.",
       .value = needs_bootstrap_.load() ? 1.0 : 0.0},
  };
}

void Replicator::UpdateHealth() {
  const bool serving = !needs_bootstrap_.load() && LagSeconds() <= absl::ToDoubleSeconds(max_lag_);
  if (serving == serving_.exchange(serving) && serving) return;
  health_->SetServingStatus(serving);
  for (const std::string& service : services_) health_->SetServingStatus(service, serving);
}

void Replicator::Run() {
  // Health follows the lag also while the stream is down.
  std::thread watch([this] {
    while (!stop_.WaitForNotificationWithTimeout(absl::Milliseconds(200))) UpdateHealth();
  });
  absl::Duration backoff = kFirstBackoff;
  while (!stop_.HasBeenNotified()) {
    const uint64_t before = applied_batches_.load();
    const absl::Status status = Follow();
    if (stop_.HasBeenNotified()) break;
    if (status.code() == absl::StatusCode::kOutOfRange) {
      if (!needs_bootstrap_.exchange(true)) {
        Log(LogSeverity::kError,
            StrCat("replica must be bootstrapped again: the primary ", primary_.address,
                   " no longer keeps the log from sequence ", store_->LatestSequence() + 1,
                   " (", status.message(),
                   "); stop this server, empty its --data_dir and start it again"));
        UpdateHealth();
      }
      stop_.WaitForNotificationWithTimeout(absl::Seconds(30));
      continue;
    }
    if (applied_batches_.load() != before) backoff = kFirstBackoff;
    Log(LogSeverity::kWarning, StrCat("replica: stream from ", primary_.address, " ended (",
                                      status.ToString(), "); reconnecting in ",
                                      absl::FormatDuration(backoff)));
    stop_.WaitForNotificationWithTimeout(backoff);
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
  watch.join();
}

absl::Status Replicator::Follow() {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = ConnectToPrimary(primary_);
  if (!channel.ok()) return channel.status();
  auto stub = v1::ReplicationService::NewStub(*channel);
  grpc::ClientContext context;
  {
    absl::MutexLock lock(&context_mutex_);
    if (stop_.HasBeenNotified()) return absl::OkStatus();
    context_ = &context;
  }
  struct Clear {
    Replicator* self;
    ~Clear() {
      absl::MutexLock lock(&self->context_mutex_);
      self->context_ = nullptr;
    }
  } clear{this};
  v1::StreamUpdatesRequest request;
  request.set_from_sequence(store_->LatestSequence() + 1);
  auto reader = stub->StreamUpdates(&context, request);
  v1::StreamUpdatesResponse batch;
  absl::Status applied;
  while (reader->Read(&batch)) {
    if (!batch.batch().empty()) {
      applied = store_->ApplyReplicated(batch.sequence(), batch.batch());
      if (!applied.ok()) {
        context.TryCancel();
        break;
      }
      applied_batches_.fetch_add(1);
      applied_bytes_.fetch_add(batch.batch().size());
    }
    // Lag in seconds: how long ago the primary was where the replica is now.
    const absl::Time now = absl::Now();
    const uint64_t primary = batch.primary_sequence();
    primary_sequence_.store(primary);
    if (observations_.size() < kMaxObservations &&
        (observations_.empty() || observations_.back().first < primary)) {
      observations_.emplace_back(primary, now);
    }
    const uint64_t held = store_->LatestSequence();
    while (!observations_.empty() && observations_.front().first <= held) {
      current_at_micros_.store(absl::ToUnixMicros(observations_.front().second));
      observations_.pop_front();
    }
    if (observations_.empty()) current_at_micros_.store(absl::ToUnixMicros(now));
    caught_up_.store(observations_.empty());
    last_message_micros_.store(absl::ToUnixMicros(now));
    if (needs_bootstrap_.exchange(false)) UpdateHealth();
  }
  caught_up_.store(false);
  observations_.clear();
  const grpc::Status finished = reader->Finish();
  if (!applied.ok()) return applied;
  if (stop_.HasBeenNotified()) return absl::OkStatus();
  return FromGrpc(finished, StrCat("following ", primary_.address));
}

}  // namespace remarkgraph::service
