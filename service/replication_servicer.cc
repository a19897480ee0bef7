#include "service/replication_servicer.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "absl/time/clock.h"
#include "common/strings.h"
#include "service/rpc_util.h"

namespace remarkgraph::service {
namespace {

// How often an idle stream looks for new commits: the floor of a replica's
// lag under a trickle of writes.
constexpr absl::Duration kPollInterval = absl::Milliseconds(5);
constexpr absl::Duration kHeartbeatInterval = absl::Seconds(1);
constexpr size_t kChunkBytes = 1 << 20;

// The number of writes in a RocksDB write batch: its header is the
// sequence (8 bytes) and the count (4 bytes, little-endian).
uint64_t BatchCount(std::string_view batch) {
  if (batch.size() < 12) return 1;
  uint32_t count = 0;
  for (int i = 3; i >= 0; --i) count = (count << 8) | static_cast<uint8_t>(batch[8 + i]);
  return count == 0 ? 1 : count;
}

}  // namespace

grpc::Status ReplicationServicer::StreamUpdates(grpc::ServerContext* context,
                                                const v1::StreamUpdatesRequest* request,
                                                grpc::ServerWriter<v1::StreamUpdatesResponse>* writer) {
  return Finish("StreamUpdates", [&]() -> absl::Status {
    if (request->from_sequence() == 0) {
      return absl::InvalidArgumentError("from_sequence must be at least 1");
    }
    uint64_t next = request->from_sequence();
    absl::Time last_sent = absl::InfinitePast();
    v1::StreamUpdatesResponse message;
    while (!context->IsCancelled()) {
      if (stopped_.load()) return absl::UnavailableError("the primary is stopping");
      const uint64_t latest = store_->LatestSequence();
      bool broken = false;
      if (latest >= next) {
        absl::Status read = store_->ReadUpdates(
            next, [&](uint64_t sequence, std::string_view batch) {
              message.set_sequence(sequence);
              message.set_batch(batch.data(), batch.size());
              message.set_primary_sequence(store_->LatestSequence());
              if (!writer->Write(message)) {
                broken = true;
                return false;
              }
              // The next batch starts after this one's writes.
              next = sequence + BatchCount(batch);
              last_sent = absl::Now();
              return !stopped_.load();
            });
        if (!read.ok()) return read;
        if (broken) return absl::CancelledError("the replica hung up");
        continue;
      }
      if (absl::Now() - last_sent >= kHeartbeatInterval) {
        message.Clear();
        message.set_primary_sequence(latest);
        if (!writer->Write(message)) return absl::CancelledError("the replica hung up");
        last_sent = absl::Now();
      }
      absl::SleepFor(kPollInterval);
    }
    return absl::CancelledError("the replica hung up");
  });
}

grpc::Status ReplicationServicer::FetchCheckpoint(
    grpc::ServerContext* context, const v1::FetchCheckpointRequest* /*request*/,
    grpc::ServerWriter<v1::FetchCheckpointResponse>* writer) {
  return Finish("FetchCheckpoint", [&]() -> absl::Status {
    namespace fs = std::filesystem;
    const fs::path dir = StrCat(data_dir_, ".checkpoint-", getpid(), "-", checkpoints_++);
    std::error_code ignored;
    fs::remove_all(dir, ignored);
    absl::StatusOr<uint64_t> sequence = store_->Checkpoint(dir.string());
    if (!sequence.ok()) return sequence.status();
    // The copy goes once it is sent, or the call fails.
    struct Remove {
      fs::path dir;
      ~Remove() {
        std::error_code error;
        fs::remove_all(dir, error);
      }
    } remove{dir};
    v1::FetchCheckpointResponse chunk;
    chunk.set_sequence(*sequence);
    std::string buffer(kChunkBytes, '\0');
    for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      if (!in) return absl::InternalError(StrCat("cannot read checkpoint file ", entry.path().filename().string()));
      bool sent_any = false;
      while (in || !sent_any) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const std::streamsize got = in.gcount();
        if (got == 0 && sent_any) break;
        chunk.set_file_name(entry.path().filename().string());
        chunk.set_data(buffer.data(), static_cast<size_t>(got));
        if (context->IsCancelled() || !writer->Write(chunk)) {
          return absl::CancelledError("the replica hung up");
        }
        chunk.clear_sequence();
        sent_any = true;
      }
    }
    return absl::OkStatus();
  });
}

}  // namespace remarkgraph::service
