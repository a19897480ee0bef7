#include "service/watch_servicer.h"

#include <algorithm>
#include <set>

#include "absl/time/clock.h"
#include "common/strings.h"
#include "service/convert.h"
#include "service/rpc_util.h"
#include "service/validate.h"

namespace remarkgraph::service {
namespace {

constexpr absl::Duration kHeartbeatInterval = absl::Seconds(1);
// How long a stream waits for a commit before it looks at cancellation.
constexpr absl::Duration kWaitSlice = absl::Milliseconds(100);
constexpr int kDefaultEventsPerMessage = 256;
constexpr int kMaxEventsPerMessage = 4096;
// A message is sent once its events reach this size, whatever their number.
constexpr size_t kMessageBytes = 1 << 20;

// Which changes a stream carries (WatchRequest's node_kinds and edge_kinds).
class ChangeFilter {
 public:
  static absl::StatusOr<ChangeFilter> FromRequest(const v1::WatchRequest& request) {
    ChangeFilter filter;
    for (int i = 0; i < request.node_kinds_size(); ++i) {
      const auto kind = static_cast<v1::NodeKind>(request.node_kinds(i));
      if (absl::Status valid = ValidateNodeKind(kind, StrCat("node_kinds[", i, "]"));
          !valid.ok()) {
        return valid;
      }
      filter.node_kinds_.insert(static_cast<uint32_t>(kind));
    }
    for (int i = 0; i < request.edge_kinds_size(); ++i) {
      const auto kind = static_cast<v1::EdgeKind>(request.edge_kinds(i));
      if (absl::Status valid = ValidateEdgeKind(kind, StrCat("edge_kinds[", i, "]"));
          !valid.ok()) {
        return valid;
      }
      filter.edge_kinds_.insert(static_cast<storage::EdgeKind>(kind));
    }
    return filter;
  }

  bool Accepts(const storage::ChangeEvent& event) const {
    if (node_kinds_.empty() && edge_kinds_.empty()) return true;
    return event.is_edge ? edge_kinds_.contains(event.edge_kind)
                         : node_kinds_.contains(event.node.kind());
  }

 private:
  std::set<uint32_t> node_kinds_;
  std::set<storage::EdgeKind> edge_kinds_;
};

v1::ChangeEvent EventToWire(const storage::ChangeEvent& event, uint64_t commit_sequence) {
  v1::ChangeEvent wire;
  wire.set_sequence(event.sequence);
  wire.set_commit_sequence(commit_sequence);
  const bool upsert = event.op == storage::ChangeEvent::Op::kUpsert;
  wire.set_op(upsert ? v1::CHANGE_OP_UPSERT : v1::CHANGE_OP_DELETE);
  if (event.is_edge) {
    if (upsert) {
      *wire.mutable_edge() = ToWire(event.edge, event.edge_kind, event.source, event.target);
    } else {
      v1::Edge* edge = wire.mutable_edge();
      edge->set_source(event.source);
      edge->set_target(event.target);
      edge->set_kind(static_cast<v1::EdgeKind>(event.edge_kind));
    }
  } else if (upsert) {
    *wire.mutable_node() = ToWire(event.node);
  } else {
    v1::Node* node = wire.mutable_node();
    node->set_name(event.node.name());
    node->set_kind(static_cast<v1::NodeKind>(event.node.kind()));
  }
  return wire;
}

}  // namespace

grpc::Status WatchServicer::Watch(grpc::ServerContext* context, const v1::WatchRequest* request,
                                  grpc::ServerWriter<v1::WatchResponse>* writer) {
  return Finish("Watch", [&]() -> absl::Status {
    absl::StatusOr<ChangeFilter> filter = ChangeFilter::FromRequest(*request);
    if (!filter.ok()) return filter.status();
    if (request->max_events_per_message() < 0) {
      return absl::InvalidArgumentError(
          StrCat("max_events_per_message must not be negative (got ",
                 request->max_events_per_message(), ")"));
    }
    const size_t max_events = static_cast<size_t>(
        request->max_events_per_message() == 0
            ? kDefaultEventsPerMessage
            : std::min(request->max_events_per_message(), kMaxEventsPerMessage));
    if (streams_.fetch_add(1) >= max_streams_) {
      streams_.fetch_sub(1);
      return absl::ResourceExhaustedError(
          StrCat("the server already serves ", max_streams_,
                 " Watch streams (--max_watch_streams); retry later"));
    }
    struct Release {
      std::atomic<int>& streams;
      ~Release() { streams.fetch_sub(1); }
    } release{streams_};

    const uint64_t latest = store_->LatestSequence();
    uint64_t next = request->from_sequence() == 0 ? latest + 1 : request->from_sequence();
    if (next > latest + 1) {
      return absl::OutOfRangeError(StrCat(
          "from_sequence ", next, " is past the next commit's sequence ", latest + 1,
          ": this server holds another history (a restored backup?); copy the graph again "
          "with ExportGraph and Watch from its sequence + 1"));
    }

    v1::WatchResponse message;
    size_t message_bytes = 0;
    absl::Time last_sent = absl::InfinitePast();
    // Sends `message` (events or a heartbeat) and starts the next one.
    auto send = [&](uint64_t resume, bool continues) {
      message.set_resume_sequence(resume);
      message.set_latest_sequence(store_->LatestSequence());
      message.set_commit_continues(continues);
      const bool sent = writer->Write(message);
      message.Clear();
      message_bytes = 0;
      last_sent = absl::Now();
      return sent;
    };
    const auto hung_up = [] { return absl::CancelledError("the client hung up"); };
    while (!context->IsCancelled()) {
      if (stopped_.load()) {
        return absl::UnavailableError(
            StrCat("the server is stopping; Watch again from sequence ", next));
      }
      const uint64_t latest = store_->LatestSequence();
      bool progressed = false;
      bool broken = false;
      if (latest >= next) {
        absl::Status read =
            store_->ReadChangeBatches(next, [&](const storage::ChangeBatch& batch) {
              progressed = true;
              std::vector<const storage::ChangeEvent*> accepted;
              for (const storage::ChangeEvent& event : batch.events) {
                if (filter->Accepts(event)) accepted.push_back(&event);
              }
              for (size_t i = 0; i < accepted.size(); ++i) {
                v1::ChangeEvent* wire = message.add_events();
                *wire = EventToWire(*accepted[i], batch.commit_sequence);
                message_bytes += wire->ByteSizeLong();
                if (message.events_size() < static_cast<int>(max_events) &&
                    message_bytes < kMessageBytes) {
                  continue;
                }
                // Full: a commit cut here resumes after its last event sent.
                const bool last = i + 1 == accepted.size();
                if (!send(last ? batch.end_sequence : accepted[i]->sequence + 1, !last)) {
                  broken = true;
                  return false;
                }
              }
              next = batch.end_sequence;
              return !stopped_.load() && !context->IsCancelled();
            });
        if (broken) return hung_up();
        if (absl::IsOutOfRange(read)) {
          return absl::OutOfRangeError(StrCat("from_sequence ", next, ": ", read.message(),
                                              "; copy the graph again with ExportGraph and "
                                              "Watch from its sequence + 1"));
        }
        if (!read.ok()) return read;
        if (message.events_size() > 0 && !send(next, false)) return hung_up();
      }
      if (progressed) continue;
      if (absl::Now() - last_sent >= kHeartbeatInterval && !send(next, false)) return hung_up();
      store_->WaitForCommit(std::max(next - 1, latest), kWaitSlice);
    }
    return hung_up();
  });
}

}  // namespace remarkgraph::service
