#include "service/metrics.h"

#include <prometheus/collectable.h>
#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <array>
#include <atomic>
#include <exception>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/synchronization/mutex.h"
#include "common/strings.h"
#include "google/protobuf/descriptor.h"
#include "remarkgraph/v1/resources.pb.h"
#include "service/rpc_util.h"

namespace remarkgraph::service {
namespace {

constexpr int kCodes = 17;  // grpc::StatusCode OK .. UNAUTHENTICATED
constexpr std::array<const char*, kCodes> kCodeNames = {
    "OK",       "CANCELLED",         "UNKNOWN",           "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",   "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
    "UNIMPLEMENTED", "INTERNAL",    "UNAVAILABLE",       "DATA_LOSS",
    "UNAUTHENTICATED"};

// The status message gRPC's synchronous server gives a call it refuses
// because every handler thread is busy.
constexpr std::string_view kThreadpoolExhausted = "Server Threadpool Exhausted";

// Methods outside the remarkgraph services that the server answers.
constexpr std::string_view kOtherMethods[] = {
    "/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch",
    "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
    "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"};

// True when the server serves `method` ("/package.Service/Method").
bool IsServed(std::string_view method, std::string* service, std::string* name) {
  const size_t slash = method.rfind('/');
  if (method.size() < 4 || method[0] != '/' || slash == 0 || slash == std::string_view::npos) {
    return false;
  }
  *service = std::string(method.substr(1, slash - 1));
  *name = std::string(method.substr(slash + 1));
  if (method.starts_with("/remarkgraph.")) {
    const google::protobuf::ServiceDescriptor* descriptor =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(*service);
    return descriptor != nullptr && descriptor->FindMethodByName(*name) != nullptr;
  }
  for (std::string_view other : kOtherMethods) {
    if (method == other) return true;
  }
  return false;
}

std::vector<double> LatencyBuckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
          0.05,   0.1,     0.25,   0.5,   1,      2.5,    5,     10};
}

// Figures (the storage engine's, replication's) as gauges and counters,
// read at each scrape.
class EngineCollectable final : public prometheus::Collectable {
 public:
  EngineCollectable(std::string prefix,
                    std::function<std::vector<storage::EngineFigure>()> source)
      : prefix_(std::move(prefix)), source_(std::move(source)) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    std::vector<prometheus::MetricFamily> families;
    for (const storage::EngineFigure& figure : source_()) {
      prometheus::MetricFamily family;
      family.name = StrCat(prefix_, figure.name, figure.counter ? "_total" : "");
      family.help = figure.help;
      family.type =
          figure.counter ? prometheus::MetricType::Counter : prometheus::MetricType::Gauge;
      prometheus::ClientMetric metric;
      if (figure.counter) {
        metric.counter.value = figure.value;
      } else {
        metric.gauge.value = figure.value;
      }
      family.metric.push_back(std::move(metric));
      families.push_back(std::move(family));
    }
    return families;
  }

 private:
  const std::string prefix_;
  const std::function<std::vector<storage::EngineFigure>()> source_;
};

}  // namespace

struct ServerMetrics::Impl {
  // The series of one method, made on its first call.
  struct Method {
    prometheus::Counter* started = nullptr;
    prometheus::Histogram* seconds = nullptr;
    prometheus::Gauge* in_flight = nullptr;
    std::array<std::atomic<prometheus::Counter*>, kCodes> handled{};
    std::map<std::string, std::string> labels;
  };

  Method& ForMethod(std::string_view path) ABSL_LOCKS_EXCLUDED(mutex) {
    {
      absl::ReaderMutexLock lock(&mutex);
      if (auto it = methods.find(Sv(path)); it != methods.end()) return *it->second;
    }
    std::string service, name;
    if (!IsServed(path, &service, &name)) {
      service = "unknown";
      name = "unknown";
    }
    absl::MutexLock lock(&mutex);
    if (methods.size() > 256) path = "unknown";  // bounded even if IsServed errs
    auto& slot = methods[std::string(path)];
    if (slot == nullptr) {
      slot = std::make_unique<Method>();
      slot->labels = {{"grpc_service", service}, {"grpc_method", name}};
      slot->started = &started->Add(slot->labels);
      slot->seconds = &seconds->Add(slot->labels, LatencyBuckets());
      slot->in_flight = &in_flight->Add(slot->labels);
    }
    return *slot;
  }

  prometheus::Counter& Handled(Method& method, grpc::StatusCode code) {
    const int index = static_cast<int>(code);
    if (index < 0 || index >= kCodes) return Handled(method, grpc::StatusCode::UNKNOWN);
    prometheus::Counter* counter = method.handled[index].load(std::memory_order_acquire);
    if (counter == nullptr) {
      std::map<std::string, std::string> labels = method.labels;
      labels["grpc_code"] = kCodeNames[index];
      counter = &handled->Add(labels);  // the family returns the same series each time
      method.handled[index].store(counter, std::memory_order_release);
    }
    return *counter;
  }

  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  absl::Mutex figures_mutex;
  std::vector<std::shared_ptr<EngineCollectable>> figures ABSL_GUARDED_BY(figures_mutex);
  std::unique_ptr<prometheus::Exposer> exposer;

  prometheus::Family<prometheus::Counter>* started = nullptr;
  prometheus::Family<prometheus::Counter>* handled = nullptr;
  prometheus::Family<prometheus::Histogram>* seconds = nullptr;
  prometheus::Family<prometheus::Gauge>* in_flight = nullptr;
  prometheus::Counter* load_shed = nullptr;
  prometheus::Family<prometheus::Counter>* truncations = nullptr;
  prometheus::Counter* import_messages = nullptr;
  prometheus::Counter* import_bytes = nullptr;

  absl::Mutex mutex;
  absl::flat_hash_map<std::string, std::unique_ptr<Method>> methods ABSL_GUARDED_BY(mutex);
};

ServerMetrics::ServerMetrics(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ServerMetrics::~ServerMetrics() = default;

absl::StatusOr<std::unique_ptr<ServerMetrics>> ServerMetrics::Start(
    const std::string& listen, storage::GraphStore* store) {
  auto impl = std::make_unique<Impl>();
  prometheus::Registry& registry = *impl->registry;
  impl->started = &prometheus::BuildCounter()
                       .Name("grpc_server_started_total")
                       .Help("Calls started, by method.")
                       .Register(registry);
  impl->handled = &prometheus::BuildCounter()
                       .Name("grpc_server_handled_total")
                       .Help("Calls finished, by method and status code.")
                       .Register(registry);
  impl->seconds = &prometheus::BuildHistogram()
                       .Name("grpc_server_handling_seconds")
                       .Help("Time from the start of a call to its status, by method.")
                       .Register(registry);
  impl->in_flight = &prometheus::BuildGauge()
                         .Name("remarkgraph_in_flight_calls")
                         .Help("Calls started and not yet finished, by method.")
                         .Register(registry);
  impl->load_shed = &prometheus::BuildCounter()
                         .Name("remarkgraph_load_shed_total")
                         .Help("Calls refused with RESOURCE_EXHAUSTED because the "
                               "server was full: every handler thread busy, or as many "
                               "queries in flight as --max_concurrent_calls allows.")
                         .Register(registry)
                         .Add({});
  impl->truncations = &prometheus::BuildCounter()
                           .Name("remarkgraph_query_truncations_total")
                           .Help("Answers cut by a query budget, by the limit that cut them.")
                           .Register(registry);
  impl->import_messages = &prometheus::BuildCounter()
                               .Name("remarkgraph_import_messages_total")
                               .Help("Import request messages received (minutes sent).")
                               .Register(registry)
                               .Add({});
  impl->import_bytes = &prometheus::BuildCounter()
                            .Name("remarkgraph_import_bytes_total")
                            .Help("Bytes of import request messages received.")
                            .Register(registry)
                            .Add({});
  try {
    // Two threads answer scrapes; a scrape is cheap.
    impl->exposer = std::make_unique<prometheus::Exposer>(listen, 2);
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        StrCat("cannot serve metrics on '", listen, "': ", e.what()));
  }
  if (impl->exposer->GetListeningPorts().empty()) {
    return absl::UnavailableError(StrCat("cannot serve metrics on '", listen, "'"));
  }
  impl->exposer->RegisterCollectable(impl->registry);
  auto metrics = std::unique_ptr<ServerMetrics>(new ServerMetrics(std::move(impl)));
  metrics->AddFigures("remarkgraph_rocksdb_", [store] { return store->EngineFigures(); });
  return metrics;
}

void ServerMetrics::AddFigures(std::string prefix,
                               std::function<std::vector<storage::EngineFigure>()> source) {
  auto collectable = std::make_shared<EngineCollectable>(std::move(prefix), std::move(source));
  impl_->exposer->RegisterCollectable(collectable);
  absl::MutexLock lock(&impl_->figures_mutex);
  impl_->figures.push_back(std::move(collectable));
}

int ServerMetrics::port() const { return impl_->exposer->GetListeningPorts().front(); }

void ServerMetrics::OnCallStart(std::string_view method) {
  Impl::Method& series = impl_->ForMethod(method);
  series.started->Increment();
  series.in_flight->Increment();
}

void ServerMetrics::OnCallEnd(const CallRecord& call) {
  Impl::Method& series = impl_->ForMethod(call.method);
  series.in_flight->Decrement();
  series.seconds->Observe(absl::ToDoubleSeconds(call.latency));
  impl_->Handled(series, call.code).Increment();
  if (call.code == grpc::StatusCode::RESOURCE_EXHAUSTED &&
      (call.message == kThreadpoolExhausted || call.message == kShedMessage)) {
    impl_->load_shed->Increment();
  }
}

void ServerMetrics::OnRequest(std::string_view method, const google::protobuf::Message& request) {
  if (!method.starts_with("/remarkgraph.v1.ImportService/Import") &&
      !method.starts_with("/remarkgraph.v1.ImportService/BulkImport")) {
    return;
  }
  impl_->import_messages->Increment();
  impl_->import_bytes->Increment(static_cast<double>(request.ByteSizeLong()));
}

void ServerMetrics::OnResponse(std::string_view, const google::protobuf::Message& response) {
  // Query answers carry their QueryStats in a field named "stats" (or
  // "summary" on the last message of a Traverse stream).
  const google::protobuf::Descriptor* descriptor = response.GetDescriptor();
  const google::protobuf::Reflection* reflection = response.GetReflection();
  for (const char* name : {"stats", "summary"}) {
    const google::protobuf::FieldDescriptor* field = descriptor->FindFieldByName(name);
    if (field == nullptr || field->message_type() != v1::QueryStats::descriptor() ||
        field->is_repeated() || !reflection->HasField(response, field)) {
      continue;
    }
    const auto& stats =
        static_cast<const v1::QueryStats&>(reflection->GetMessage(response, field));
    if (!stats.truncated()) continue;
    std::string reason = v1::TruncationReason_Name(stats.truncation_reason());
    if (reason.starts_with("TRUNCATION_REASON_")) reason = reason.substr(18);
    impl_->truncations->Add({{"reason", absl::AsciiStrToLower(reason)}}).Increment();
  }
}

}  // namespace remarkgraph::service
