#include "service/graph_servicer.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/clock.h"
#include "common/error_details.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "query/listing.h"
#include "service/convert.h"
#include "service/rpc_util.h"
#include "service/validate.h"
#include "service/wire_encoding.h"

namespace remarkgraph::service {
namespace {

using storage::GraphSnapshot;
using storage::NodeId;

// Resource names of node ids, each read once, from records shared with
// the store.
class NameCache {
 public:
  explicit NameCache(GraphSnapshot& snapshot) : snapshot_(snapshot) {}

  void Remember(NodeId id, const query::SharedRecord& record) { records_.try_emplace(id, record); }

  // Loads every id not yet known, in one batch.
  absl::Status Load(const std::vector<NodeId>& ids) {
    std::vector<NodeId> missing;
    for (NodeId id : ids) {
      if (!records_.contains(id)) missing.push_back(id);
    }
    if (missing.empty()) return absl::OkStatus();
    ASSIGN_OR_RETURN(const auto records, snapshot_.GetSharedNodes(missing));
    for (size_t i = 0; i < missing.size(); ++i) records_.try_emplace(missing[i], records[i]);
    return absl::OkStatus();
  }

  // The name of `id`; empty for a node that does not exist.
  absl::StatusOr<std::string_view> Name(NodeId id) {
    auto it = records_.find(id);
    if (it == records_.end()) {
      RETURN_IF_ERROR(Load({id}));
      it = records_.find(id);
    }
    return it->second ? std::string_view(it->second->name()) : std::string_view();
  }

  absl::StatusOr<v1::Edge> Edge(const query::EdgeView& edge) {
    ASSIGN_OR_RETURN(const std::string_view source, Name(edge.source));
    ASSIGN_OR_RETURN(const std::string_view target, Name(edge.target));
    return ToWire(edge.record, edge.kind, std::string(source), std::string(target));
  }

  // Appends the encoded v1.Edge of `edge`.
  absl::Status AppendEdge(const query::EdgeView& edge, std::string* out) {
    ASSIGN_OR_RETURN(const std::string_view source, Name(edge.source));
    ASSIGN_OR_RETURN(const std::string_view target, Name(edge.target));
    AppendEncodedEdge(edge.record, edge.kind, source, target, out);
    return absl::OkStatus();
  }

 private:
  GraphSnapshot& snapshot_;
  absl::flat_hash_map<NodeId, query::SharedRecord> records_;  // Null: no such node.
};

absl::Status ValidateKinds(const google::protobuf::RepeatedField<int>& kinds,
                           bool edge, const std::string& field) {
  for (int i = 0; i < kinds.size(); ++i) {
    const std::string f = StrCat(field, "[", i, "]");
    RETURN_IF_ERROR(edge ? ValidateEdgeKind(static_cast<v1::EdgeKind>(kinds[i]), f)
                         : ValidateNodeKind(static_cast<v1::NodeKind>(kinds[i]), f));
  }
  return absl::OkStatus();
}

absl::StatusOr<query::PropertyFilter> FilterFromWire(const v1::PropertyFilter& filter,
                                               const std::string& field) {
  if (filter.key().empty()) {
    return absl::InvalidArgumentError(StrCat(field, ".key: is required"));
  }
  RETURN_IF_ERROR(ValidateText(filter.key(), kMaxPropertyKeyBytes, StrCat(field, ".key")));
  RETURN_IF_ERROR(
      ValidateText(filter.value(), kMaxPropertyValueBytes, StrCat(field, ".value")));
  query::PropertyFilter out{.key = filter.key(), .value = filter.value()};
  switch (filter.operator_()) {
    case v1::PropertyFilter::OPERATOR_UNSPECIFIED:
    case v1::PropertyFilter::OPERATOR_EQUALS:
      out.op = query::PropertyFilter::Op::kEquals;
      break;
    case v1::PropertyFilter::OPERATOR_NOT_EQUALS:
      out.op = query::PropertyFilter::Op::kNotEquals;
      break;
    case v1::PropertyFilter::OPERATOR_CONTAINS:
      out.op = query::PropertyFilter::Op::kContains;
      break;
    case v1::PropertyFilter::OPERATOR_AT_LEAST:
      out.op = query::PropertyFilter::Op::kAtLeast;
      break;
    case v1::PropertyFilter::OPERATOR_AT_MOST:
      out.op = query::PropertyFilter::Op::kAtMost;
      break;
    default:
      return absl::InvalidArgumentError(StrCat(field, ".operator: unknown operator"));
  }
  return out;
}

absl::StatusOr<query::TraverseSpec> SpecFromWire(const v1::TraverseRequest& request) {
  if (request.seeds().empty()) return absl::InvalidArgumentError("seeds: at least one is required");
  if (request.seeds_size() > kMaxSeeds) {
    return absl::InvalidArgumentError(StrCat("seeds: at most ", kMaxSeeds, " are allowed"));
  }
  if (request.steps().empty()) return absl::InvalidArgumentError("steps: at least one is required");
  if (request.steps_size() > kMaxSteps) {
    return absl::InvalidArgumentError(StrCat("steps: at most ", kMaxSteps, " are allowed"));
  }
  query::TraverseSpec spec;
  for (int i = 0; i < request.seeds_size(); ++i) {
    RETURN_IF_ERROR(ValidateName(request.seeds(i), StrCat("seeds[", i, "]")));
    spec.seeds.push_back(request.seeds(i));
  }
  for (int i = 0; i < request.steps_size(); ++i) {
    const v1::TraversalStep& step = request.steps(i);
    const std::string field = StrCat("steps[", i, "]");
    RETURN_IF_ERROR(ValidateKinds(step.edge_kinds(), true, StrCat(field, ".edge_kinds")));
    RETURN_IF_ERROR(ValidateKinds(step.node_kinds(), false, StrCat(field, ".node_kinds")));
    if (!v1::Direction_IsValid(step.direction())) {
      return absl::InvalidArgumentError(StrCat(field, ".direction: unknown direction"));
    }
    query::Step out;
    out.direction = FromWire(step.direction(), query::Direction::kOutgoing);
    for (int k : step.edge_kinds()) out.edge_kinds.push_back(static_cast<storage::EdgeKind>(k));
    for (int k : step.node_kinds()) out.node_kinds.push_back(static_cast<storage::NodeKind>(k));
    for (int s = 0; s < step.stances_size(); ++s) {
      const auto stance = static_cast<v1::Stance>(step.stances(s));
      RETURN_IF_ERROR(ValidateStance(stance, StrCat(field, ".stances[", s, "]")));
      out.stances.push_back(static_cast<storage::Stance>(stance));
    }
    for (int f = 0; f < step.filters_size(); ++f) {
      ASSIGN_OR_RETURN(query::PropertyFilter filter,
                       FilterFromWire(step.filters(f), StrCat(field, ".filters[", f, "]")));
      out.filters.push_back(std::move(filter));
    }
    spec.steps.push_back(std::move(out));
  }
  spec.repeat_last_step = request.repeat_last_step();
  spec.include_seeds = request.include_seeds();
  return spec;
}

// The meeting, person and date filters that ListNodes and SearchRemarks share.
template <typename Request>
absl::Status ValidateListFilters(const Request& request) {
  using storage::NodeKind;
  RETURN_IF_ERROR(ValidateOptionalName(request.meeting(), NodeKind::kMeeting, "meeting"));
  RETURN_IF_ERROR(ValidateOptionalName(request.person(), NodeKind::kPerson, "person"));
  RETURN_IF_ERROR(ValidateDate(request.start_date(), "start_date"));
  return ValidateDate(request.end_date(), "end_date");
}

// Hits per message: the most a request may ask for, and the bytes of hits
// past which a message closes early.
constexpr int kMaxHitsPerMessage = 1000;
constexpr size_t kMaxBatchBytes = 256 << 10;

// Collects a Traverse stream's encoded hits into messages: one hit per
// message for `per_message` 0 or 1 (the stream old clients read), else
// batches of up to `per_message` hits and about kMaxBatchBytes (a larger
// hit goes alone).
class HitBatcher {
 public:
  HitBatcher(int per_message, std::vector<v1::TraverseResponse>* messages)
      : per_message_(per_message), messages_(messages) {}

  // Adds an encoded v1.TraversalHit.
  void Add(std::string_view hit) {
    if (per_message_ <= 1) {
      AddEncodedField(messages_->emplace_back(), v1::TraverseResponse::kHitFieldNumber,
                      std::string(hit));
      return;
    }
    const size_t bytes = FieldSize(v1::TraversalHits::kHitsFieldNumber, hit.size());
    if (count_ > 0 && (count_ >= per_message_ || batch_.size() + bytes > kMaxBatchBytes)) {
      Close();
    }
    AppendField(v1::TraversalHits::kHitsFieldNumber, hit, &batch_);
    ++count_;
  }

  // Closes the open batch, if any, into a message.
  void Close() {
    if (count_ == 0) return;
    AddEncodedField(messages_->emplace_back(), v1::TraverseResponse::kHitsFieldNumber,
                    std::move(batch_));
    batch_.clear();
    count_ = 0;
  }

 private:
  const int per_message_;
  std::vector<v1::TraverseResponse>* const messages_;
  std::string batch_;  // The open batch: an encoded v1.TraversalHits.
  int count_ = 0;      // Hits in batch_.
};

// Finishes a unary call and runs `done` once the call is done.
class UnaryReactor final : public grpc::ServerUnaryReactor {
 public:
  explicit UnaryReactor(std::function<void()> done) : done_(std::move(done)) {}

  void OnDone() override {
    done_();
    delete this;
  }

 private:
  const std::function<void()> done_;
};

// Writes prepared messages in order, each once the one before has left,
// the last together with the status; runs `done` (if any) and deletes
// itself when the call is done.
class StreamWriter final : public grpc::ServerWriteReactor<v1::TraverseResponse> {
 public:
  StreamWriter(std::vector<v1::TraverseResponse> messages, grpc::Status status,
               std::function<void()> done)
      : messages_(std::move(messages)), done_(std::move(done)) {
    if (messages_.empty()) {
      Finish(status);
    } else {
      WriteNext();
    }
  }

  void OnWriteDone(bool ok) override {
    // A failed write means the call is over (the client went away).
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the stream was cut"));
      return;
    }
    WriteNext();
  }

  void OnDone() override {
    if (done_) done_();
    delete this;
  }

 private:
  void WriteNext() {
    const v1::TraverseResponse* message = &messages_[next_++];
    if (next_ == messages_.size()) {
      StartWriteAndFinish(message, grpc::WriteOptions(), grpc::Status::OK);
    } else {
      StartWrite(message);
    }
  }

  const std::vector<v1::TraverseResponse> messages_;
  const std::function<void()> done_;
  size_t next_ = 0;
};

// The status of a query refused because every slot is in use.
grpc::Status ShedStatus() {
  return ToGrpcStatus(WithReason(absl::ResourceExhaustedError(kShedMessage), kShedReason));
}

}  // namespace

bool GraphServicer::Admit() {
  if (max_queries_in_flight_ <= 0) return true;
  if (queries_in_flight_.fetch_add(1, std::memory_order_relaxed) >= max_queries_in_flight_) {
    queries_in_flight_.fetch_sub(1, std::memory_order_relaxed);
    return false;
  }
  return true;
}

void GraphServicer::Release() {
  // Release order: the call's last use of the servicer happens before the
  // destructor's acquire below.
  if (max_queries_in_flight_ > 0) queries_in_flight_.fetch_sub(1, std::memory_order_release);
}

GraphServicer::~GraphServicer() {
  // gRPC orders each call's end before the server's Wait returns, through
  // its own atomics, which ThreadSanitizer cannot see (Debian's gRPC is not
  // instrumented); this acquire of the slots every call released makes the
  // order visible to it, so the destructor is not reported against a call's
  // Release on gRPC's thread.
  static_cast<void>(queries_in_flight_.load(std::memory_order_acquire));
}

grpc::ServerUnaryReactor* GraphServicer::Answer(grpc::CallbackServerContext* context,
                                                std::string_view method,
                                                const google::protobuf::Message& response,
                                                absl::FunctionRef<absl::Status()> body) {
  if (!Admit()) {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(ShedStatus());
    return reactor;
  }
  const grpc::Status status = Finish(method, body);
  if (status.ok() && compress_min_bytes_ > 0 && response.ByteSizeLong() >= compress_min_bytes_) {
    context->set_compression_level(GRPC_COMPRESS_LEVEL_HIGH);
  }
  grpc::ServerUnaryReactor* reactor = new UnaryReactor([this] { Release(); });
  reactor->Finish(status);
  return reactor;
}

query::Budget GraphServicer::BudgetFor(const grpc::ServerContextBase& context,
                                       const v1::QueryBudget* requested) const {
  query::Budget budget = engine_->ceilings().defaults;
  if (requested != nullptr) budget = FromWire(*requested, budget);
  budget = engine_->ceilings().Clamp(budget);
  budget.deadline = ClientDeadline(context);
  return budget;
}

grpc::ServerUnaryReactor* GraphServicer::GetNode(grpc::CallbackServerContext* context,
    const v1::GetNodeRequest* request, v1::GetNodeResponse* response) {
  return Answer(context, "GetNode", *response, [&]() -> absl::Status {
    RETURN_IF_ERROR(ValidateName(request->name(), "name"));
    const std::unique_ptr<GraphSnapshot> snapshot = store_->Snapshot();
    ASSIGN_OR_RETURN(const std::optional<NodeId> id, snapshot->Resolve(request->name()));
    if (!id) return NodeNotFoundError(request->name(), "name");
    ASSIGN_OR_RETURN(const auto nodes, snapshot->GetSharedNodes({*id}));
    if (nodes[0] == nullptr) return NodeNotFoundError(request->name(), "name");
    AddEncodedField(*response, v1::GetNodeResponse::kNodeFieldNumber,
                    *wire_nodes_.Encoded(*id, nodes[0]));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* GraphServicer::BatchGetNodes(grpc::CallbackServerContext* context,
    const v1::BatchGetNodesRequest* request, v1::BatchGetNodesResponse* response) {
  return Answer(context, "BatchGetNodes", *response, [&]() -> absl::Status {
    if (request->names().empty()) return absl::InvalidArgumentError("names: at least one is required");
    if (request->names_size() > kMaxBatchNodes) {
      return absl::InvalidArgumentError(
          StrCat("names: ", request->names_size(), " given; at most ", kMaxBatchNodes));
    }
    for (int i = 0; i < request->names_size(); ++i) {
      RETURN_IF_ERROR(ValidateName(request->names(i), StrCat("names[", i, "]")));
    }
    const std::unique_ptr<GraphSnapshot> snapshot = store_->Snapshot();
    std::vector<NodeId> ids;
    for (int i = 0; i < request->names_size(); ++i) {
      ASSIGN_OR_RETURN(const std::optional<NodeId> id, snapshot->Resolve(request->names(i)));
      if (!id) {
        return NodeNotFoundError(request->names(i), StrCat("names[", i, "]"));
      }
      ids.push_back(*id);
    }
    ASSIGN_OR_RETURN(const auto records, snapshot->GetNodes(ids));
    for (size_t i = 0; i < records.size(); ++i) {
      if (!records[i]) {
        return NodeNotFoundError(request->names(i), StrCat("names[", i, "]"));
      }
      *response->add_nodes() = ToWire(*records[i]);
    }
    // Not paged: a batch too large for one message is refused whole.
    if (const size_t bytes = response->ByteSizeLong(); bytes > max_page_bytes_) {
      response->Clear();
      return WithReason(
          InvalidFieldError("names", StrCat("the ", request->names_size(), " nodes come to ",
                                            bytes, " bytes, more than a response may hold (",
                                            max_page_bytes_, "); ask for fewer at once")),
          "RESPONSE_TOO_LARGE");
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* GraphServicer::ListNodes(grpc::CallbackServerContext* context,
    const v1::ListNodesRequest* request, v1::ListNodesResponse* response) {
  return Answer(context, "ListNodes", *response, [&]() -> absl::Status {
    RETURN_IF_ERROR(ValidateNodeKind(request->kind(), "kind"));
    RETURN_IF_ERROR(ValidatePageSize(request->page_size(), "page_size"));
    RETURN_IF_ERROR(ValidateOptionalName(request->body(), storage::NodeKind::kBody, "body"));
    RETURN_IF_ERROR(ValidateListFilters(*request));
    const query::ListNodesSpec spec{
        .kind = static_cast<storage::NodeKind>(request->kind()),
        .body = request->body(),
        .meeting = request->meeting(),
        .person = request->person(),
        .start_date = request->start_date(),
        .end_date = request->end_date(),
        .page_size = EffectivePageSize(request->page_size()),
        .page_token = request->page_token(),
        .max_bytes = max_page_bytes_};
    const std::unique_ptr<GraphSnapshot> snapshot = store_->Snapshot();
    ASSIGN_OR_RETURN(query::NodePage page,
                     query::ListNodes(*snapshot, spec, BudgetFor(*context, nullptr)));
    for (const storage::NodeRecord& node : page.nodes) *response->add_nodes() = ToWire(node);
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* GraphServicer::ListEdges(grpc::CallbackServerContext* context,
    const v1::ListEdgesRequest* request, v1::ListEdgesResponse* response) {
  return Answer(context, "ListEdges", *response, [&]() -> absl::Status {
    RETURN_IF_ERROR(ValidateName(request->name(), "name"));
    RETURN_IF_ERROR(ValidatePageSize(request->page_size(), "page_size"));
    RETURN_IF_ERROR(ValidateKinds(request->kinds(), true, "kinds"));
    if (!v1::Direction_IsValid(request->direction())) {
      return absl::InvalidArgumentError("direction: unknown direction");
    }
    query::ListEdgesSpec spec{
        .name = request->name(),
        .direction = FromWire(request->direction(), query::Direction::kOutgoing),
        .kinds = {},
        .page_size = EffectivePageSize(request->page_size()),
        .page_token = request->page_token(),
        .max_bytes = max_page_bytes_};
    for (int k : request->kinds()) spec.kinds.push_back(static_cast<storage::EdgeKind>(k));
    const std::unique_ptr<GraphSnapshot> snapshot = store_->Snapshot();
    ASSIGN_OR_RETURN(const query::EdgePage page, query::ListEdges(*snapshot, spec));
    for (const query::NamedEdge& e : page.edges) {
      *response->add_edges() =
          ToWire(e.edge.record, e.edge.kind, e.source_name, e.target_name);
    }
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<v1::TraverseResponse>* GraphServicer::Traverse(
    grpc::CallbackServerContext* context, const v1::TraverseRequest* request) {
  if (!Admit()) return new StreamWriter({}, ShedStatus(), nullptr);
  std::vector<v1::TraverseResponse> messages;
  grpc::Status status = Finish("Traverse", [&]() -> absl::Status {
    RETURN_IF_ERROR(ValidateBudget(request->budget(), engine_->ceilings().maximum.max_depth,
                                   "budget"));
    if (request->hits_per_message() < 0 || request->hits_per_message() > kMaxHitsPerMessage) {
      return absl::InvalidArgumentError(
          StrCat("hits_per_message: must be 0 to ", kMaxHitsPerMessage, ", got ",
                 request->hits_per_message()));
    }
    ASSIGN_OR_RETURN(const query::TraverseSpec spec, SpecFromWire(*request));
    const std::unique_ptr<GraphSnapshot> snapshot = store_->Snapshot();
    NameCache names(*snapshot);
    HitBatcher batcher(request->hits_per_message(), &messages);
    absl::Status emit_error;
    std::string hit_bytes, edge_bytes;
    ASSIGN_OR_RETURN(
        const query::Stats stats,
        engine_->Traverse(*snapshot, spec, BudgetFor(*context, &request->budget()),
                          [&](const query::TraversalHit& hit) {
                            if (context->IsCancelled()) return false;
                            names.Remember(hit.id, hit.node);
                            hit_bytes.clear();
                            AppendField(v1::TraversalHit::kNodeFieldNumber,
                                        *wire_nodes_.Encoded(hit.id, hit.node), &hit_bytes);
                            AppendVarintField(v1::TraversalHit::kDepthFieldNumber,
                                              static_cast<uint64_t>(hit.depth), &hit_bytes);
                            if (hit.via) {
                              edge_bytes.clear();
                              emit_error = names.AppendEdge(*hit.via, &edge_bytes);
                              if (!emit_error.ok()) return false;
                              AppendField(v1::TraversalHit::kViaFieldNumber, edge_bytes,
                                          &hit_bytes);
                            }
                            batcher.Add(hit_bytes);
                            return true;
                          }));
    batcher.Close();
    RETURN_IF_ERROR(emit_error);
    if (context->IsCancelled()) return absl::CancelledError("the client cancelled the call");
    *messages.emplace_back().mutable_summary() = ToWire(stats);
    return absl::OkStatus();
  });
  if (!status.ok()) messages.clear();
  return new StreamWriter(std::move(messages), std::move(status), [this] { Release(); });
}

grpc::ServerUnaryReactor* GraphServicer::FindPaths(grpc::CallbackServerContext* context,
    const v1::FindPathsRequest* request, v1::FindPathsResponse* response) {
  return Answer(context, "FindPaths", *response, [&]() -> absl::Status {
    RETURN_IF_ERROR(ValidateName(request->source(), "source"));
    RETURN_IF_ERROR(ValidateName(request->target(), "target"));
    RETURN_IF_ERROR(ValidateKinds(request->edge_kinds(), true, "edge_kinds"));
    RETURN_IF_ERROR(ValidateBudget(request->budget(), engine_->ceilings().maximum.max_depth,
                                   "budget"));
    if (!v1::Direction_IsValid(request->direction())) {
      return absl::InvalidArgumentError("direction: unknown direction");
    }
    if (request->max_paths() < 0) {
      return absl::InvalidArgumentError("max_paths: must not be negative");
    }
    query::PathSpec spec{.source = request->source(),
                         .target = request->target(),
                         .direction = FromWire(request->direction(), query::Direction::kBoth),
                         .edge_kinds = {},
                         .max_paths = std::clamp(request->max_paths(), 1, 100)};
    for (int k : request->edge_kinds()) {
      spec.edge_kinds.push_back(static_cast<storage::EdgeKind>(k));
    }
    query::Budget budget = BudgetFor(*context, &request->budget());
    if (request->budget().max_depth() == 0) budget.max_depth = 6;
    const std::unique_ptr<GraphSnapshot> snapshot = store_->Snapshot();
    ASSIGN_OR_RETURN(const auto found, engine_->FindPaths(*snapshot, spec, budget));
    NameCache names(*snapshot);
    for (const query::Path& path : found.first) {
      v1::Path* out = response->add_paths();
      RETURN_IF_ERROR(names.Load(path.nodes));
      for (NodeId id : path.nodes) {
        ASSIGN_OR_RETURN(const std::string_view name, names.Name(id));
        out->add_nodes(std::string(name));
      }
      for (const query::EdgeView& edge : path.edges) {
        ASSIGN_OR_RETURN(*out->add_edges(), names.Edge(edge));
      }
    }
    *response->mutable_stats() = ToWire(found.second);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* GraphServicer::GetDossier(grpc::CallbackServerContext* context,
    const v1::GetDossierRequest* request, v1::GetDossierResponse* response) {
  return Answer(context, "GetDossier", *response, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(const storage::ResourceName parsed,
                     storage::ParseResourceName(request->name(), "name"));
    if (parsed.kind != storage::NodeKind::kItem && parsed.kind != storage::NodeKind::kMatter) {
      return absl::InvalidArgumentError(
          StrCat("name: '", request->name(), "' is a ", storage::NodeKindName(parsed.kind),
                 "; a dossier is of an ITEM or a MATTER"));
    }
    RETURN_IF_ERROR(ValidatePageSize(request->page_size(), "page_size"));
    const query::DossierSpec spec{.name = request->name(),
                                  .page_size = EffectivePageSize(request->page_size()),
                                  .page_token = request->page_token(),
                                  .max_bytes = max_page_bytes_};
    const std::unique_ptr<GraphSnapshot> snapshot = store_->Snapshot();
    ASSIGN_OR_RETURN(const query::Dossier dossier,
                     engine_->GetDossier(*snapshot, spec, BudgetFor(*context, nullptr)));
    NameCache names(*snapshot);
    *response->mutable_subject() = ToWire(dossier.subject);
    for (const storage::NodeRecord& related : dossier.related) {
      *response->add_related() = ToWire(related);
    }
    std::string meeting_bytes, remark_bytes, edge_bytes;
    for (const query::DossierMeeting& meeting : dossier.meetings) {
      // An encoded v1.DossierMeeting; a missing meeting node is an empty one.
      meeting_bytes.clear();
      const std::shared_ptr<const std::string> meeting_node =
          meeting.meeting ? wire_nodes_.Encoded(meeting.id, meeting.meeting) : nullptr;
      AppendField(v1::DossierMeeting::kMeetingFieldNumber,
                  meeting_node ? std::string_view(*meeting_node) : std::string_view(),
                  &meeting_bytes);
      for (const query::DossierRemark& remark : meeting.remarks) {
        names.Remember(remark.id, remark.remark);
        remark_bytes.clear();
        AppendField(v1::DossierRemark::kRemarkFieldNumber,
                    *wire_nodes_.Encoded(remark.id, remark.remark), &remark_bytes);
        AppendStringField(v1::DossierRemark::kSpeakerFieldNumber, remark.speaker,
                          &remark_bytes);
        AppendStringField(v1::DossierRemark::kSpeakerTitleFieldNumber, remark.speaker_title,
                          &remark_bytes);
        for (const query::EdgeView& link : remark.links) {
          edge_bytes.clear();
          RETURN_IF_ERROR(names.AppendEdge(link, &edge_bytes));
          AppendField(v1::DossierRemark::kLinksFieldNumber, edge_bytes, &remark_bytes);
        }
        AppendField(v1::DossierMeeting::kRemarksFieldNumber, remark_bytes, &meeting_bytes);
      }
      AddEncodedField(*response, v1::GetDossierResponse::kMeetingsFieldNumber,
                      std::move(meeting_bytes));
      meeting_bytes = std::string();
    }
    response->set_total_remarks(dossier.total_remarks);
    response->set_total_meetings(dossier.total_meetings);
    for (const auto& [stance, count] : dossier.stance_counts) {
      v1::StanceCount* out = response->add_stances();
      out->set_stance(static_cast<v1::Stance>(stance));
      out->set_count(count);
    }
    response->set_next_page_token(dossier.next_page_token);
    *response->mutable_stats() = ToWire(dossier.stats);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* GraphServicer::SearchRemarks(grpc::CallbackServerContext* context,
    const v1::SearchRemarksRequest* request, v1::SearchRemarksResponse* response) {
  return Answer(context, "SearchRemarks", *response, [&]() -> absl::Status {
    if (request->query().empty()) return absl::InvalidArgumentError("query: is required");
    RETURN_IF_ERROR(ValidateText(request->query(), kMaxQueryBytes, "query"));
    RETURN_IF_ERROR(ValidateListFilters(*request));
    RETURN_IF_ERROR(ValidatePageSize(request->page_size(), "page_size"));
    const query::SearchSpec spec{.query = request->query(),
                                 .meeting = request->meeting(),
                                 .person = request->person(),
                                 .start_date = request->start_date(),
                                 .end_date = request->end_date(),
                                 .page_size = EffectivePageSize(request->page_size()),
                                 .page_token = request->page_token(),
                                 .max_bytes = max_page_bytes_};
    const std::unique_ptr<GraphSnapshot> snapshot = store_->Snapshot();
    ASSIGN_OR_RETURN(const query::SearchResult result,
                     engine_->SearchRemarks(*snapshot, spec, BudgetFor(*context, nullptr)));
    std::string hit_bytes;
    for (const query::SearchHit& hit : result.hits) {
      hit_bytes.clear();
      AppendField(v1::SearchHit::kRemarkFieldNumber, *wire_nodes_.Encoded(hit.id, hit.remark),
                  &hit_bytes);
      AppendStringField(v1::SearchHit::kSnippetFieldNumber, hit.snippet, &hit_bytes);
      AddEncodedField(*response, v1::SearchRemarksResponse::kHitsFieldNumber,
                      std::move(hit_bytes));
      hit_bytes = std::string();
    }
    response->set_next_page_token(result.next_page_token);
    return absl::OkStatus();
  });
}

}  // namespace remarkgraph::service
