#include "service/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>

#include <filesystem>

#include "absl/synchronization/mutex.h"
#include "common/log.h"
#include "common/strings.h"
#include "grpc/health/v1/health.pb.h"
#include "service/access_log.h"
#include "service/admin_servicer.h"
#include "service/call_interceptor.h"
#include "service/graph_servicer.h"
#include "service/import_servicer.h"
#include "service/auth_files.h"
#include "service/auth_processor.h"
#include "service/metrics.h"
#include "service/reflection_v1.h"
#include "service/tls.h"
#include "service/replication_servicer.h"
#include "service/replicator.h"
#include "service/request_parse_interceptor.h"
#include "service/watch_servicer.h"
#include "service/write_servicer.h"

namespace remarkgraph::service {

// Service names reported by the health service, besides the overall "".
inline constexpr const char* kServiceNames[] = {"remarkgraph.v1.GraphService",
                                                "remarkgraph.v1.WriteService",
                                                "remarkgraph.v1.ImportService",
                                                "remarkgraph.v1.AdminService",
                                                "remarkgraph.v1.WatchService"};

struct Server::Impl {
  std::unique_ptr<storage::GraphStore> store;
  std::unique_ptr<query::QueryEngine> engine;
  std::unique_ptr<GraphServicer> graph;
  std::unique_ptr<WriteServicer> write;
  std::unique_ptr<ImportServicer> import;
  std::unique_ptr<AdminServicer> admin;
  std::unique_ptr<ReplicationServicer> replication;
  std::unique_ptr<WatchServicer> watch;
  std::unique_ptr<ReflectionV1> reflection_v1;
  std::unique_ptr<Replicator> replicator;
  std::unique_ptr<AccessLog> access_log;
  std::unique_ptr<ServerMetrics> metrics;
  std::unique_ptr<grpc::Server> grpc_server;
  absl::Mutex mutex;
  bool shut_down ABSL_GUARDED_BY(mutex) = false;
};

namespace {

// The listening credentials: TLS when configured, with the authorising
// processor when there is a policy; `auth_files` then holds the files it
// authorises by, re-read every TLS reload interval.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeSecurity(
    const ServerOptions& options, const std::vector<CallObserver*>& observers,
    std::shared_ptr<AuthFiles>* auth_files) {
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      MakeServerCredentials(options.tls);
  if (!credentials.ok()) return credentials.status();
  const bool auth_files_given =
      !options.tokens_file.empty() || !options.jwks_file.empty();
  if (options.policy_file.empty()) {
    if (auth_files_given) {
      return absl::InvalidArgumentError("--tokens_file and --jwks_file need --policy_file");
    }
    return credentials;
  }
  if (!options.tls.enabled()) {
    return absl::InvalidArgumentError(
        "--policy_file needs --tls_cert and --tls_key: identities and tokens are only "
        "trusted over TLS");
  }
  absl::StatusOr<std::unique_ptr<AuthFiles>> files = AuthFiles::Open(
      {.policy_file = options.policy_file,
       .tokens_file = options.tokens_file,
       .jwks_file = options.jwks_file,
       .jwt = {.issuer = options.jwt_issuer, .audience = options.jwt_audience},
       .reload_interval = options.tls.reload_interval});
  if (!files.ok()) return files.status();
  *auth_files = *std::move(files);
  (*credentials)->SetAuthMetadataProcessor(
      std::make_shared<AuthProcessor>(*auth_files, observers));
  return credentials;
}

}  // namespace

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

storage::GraphStore& Server::store() { return *impl_->store; }

int Server::metrics_port() const { return impl_->metrics ? impl_->metrics->port() : 0; }

Server::~Server() { Shutdown(absl::Seconds(5)).IgnoreError(); }

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options) {
  std::error_code error;
  std::filesystem::create_directories(options.data_dir, error);
  if (error) {
    return absl::FailedPreconditionError(StrCat("cannot create data directory '",
                                                options.data_dir, "': ", error.message()));
  }
  storage::StoreOptions store_options = options.store;
  if (!options.replicate_from.address.empty()) {
    if (absl::Status checked = CheckPrimaryConnection(options.replicate_from); !checked.ok()) {
      return checked;
    }
    if (absl::Status bootstrapped = BootstrapReplica(options.replicate_from, options.data_dir);
        !bootstrapped.ok()) {
      return bootstrapped;
    }
    store_options.replica_of = options.replicate_from.address;
  }
  auto impl = std::make_unique<Impl>();
  absl::StatusOr<std::unique_ptr<storage::GraphStore>> store =
      storage::OpenGraphStore(options.data_dir, store_options);
  if (!store.ok()) return store.status();
  impl->store = std::move(*store);
  impl->engine = std::make_unique<query::QueryEngine>(options.ceilings);
  impl->graph = std::make_unique<GraphServicer>(
      impl->store.get(), impl->engine.get(), static_cast<size_t>(options.max_message_bytes),
      options.compress_min_bytes, options.max_concurrent_calls);
  impl->write = std::make_unique<WriteServicer>(impl->store.get());
  impl->import = std::make_unique<ImportServicer>(impl->store.get(),
                                                  options.import_memory_bytes);
  impl->admin = std::make_unique<AdminServicer>(impl->store.get(), options.backup_dir);
  impl->replication = std::make_unique<ReplicationServicer>(impl->store.get(), options.data_dir);
  impl->watch = std::make_unique<WatchServicer>(impl->store.get(), options.max_watch_streams);
  impl->access_log = std::make_unique<AccessLog>(options.access_log_severity);
  std::vector<CallObserver*> observers = {impl->access_log.get()};
  if (!options.metrics_listen.empty()) {
    absl::StatusOr<std::unique_ptr<ServerMetrics>> metrics =
        ServerMetrics::Start(options.metrics_listen, impl->store.get());
    if (!metrics.ok()) {
      impl->store->Close().IgnoreError();
      return metrics.status();
    }
    impl->metrics = std::move(*metrics);
    observers.push_back(impl->metrics.get());
  }

  std::shared_ptr<AuthFiles> auth_files;
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      MakeSecurity(options, observers, &auth_files);
  if (!credentials.ok()) {
    impl->store->Close().IgnoreError();
    return credentials.status();
  }
  if (impl->metrics && auth_files) {
    impl->metrics->AddFigures("remarkgraph_", [auth_files] { return auth_files->Figures(); });
  }

  grpc::EnableDefaultHealthCheckService(true);
  // gRPC's health service encodes its messages by hand; the generated
  // grpc.health.v1 classes, linked in here, put its descriptors in the pool
  // so that reflection can describe it.
  (void)grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  std::vector<std::string> service_names(std::begin(kServiceNames), std::end(kServiceNames));
  for (const char* name : {"remarkgraph.v1.ReplicationService", "grpc.health.v1.Health",
                           "grpc.reflection.v1alpha.ServerReflection",
                           "grpc.reflection.v1.ServerReflection"}) {
    service_names.push_back(name);
  }
  impl->reflection_v1 = std::make_unique<ReflectionV1>(std::move(service_names));
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen_address, *credentials, &port);
  // A port another process serves must fail here, not be shared with it
  // (gRPC sets SO_REUSEPORT by default).
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS,
                             static_cast<int>(absl::ToInt64Milliseconds(options.keepalive.time)));
  builder.AddChannelArgument(
      GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
      static_cast<int>(absl::ToInt64Milliseconds(options.keepalive.timeout)));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS,
                             options.keepalive.permit_without_calls ? 1 : 0);
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
      static_cast<int>(absl::ToInt64Milliseconds(options.keepalive.min_client_ping_interval)));
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  grpc::ResourceQuota quota("remarkgraphd");
  quota.SetMaxThreads(std::max(4, options.max_concurrent_calls));
  builder.SetResourceQuota(quota);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<RequestParseInterceptorFactory>());
  // After the parse interceptor, so that observers see the status it sets.
  interceptors.push_back(std::make_unique<CallInterceptorFactory>(std::move(observers)));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  builder.RegisterService(impl->graph.get());
  builder.RegisterService(impl->write.get());
  builder.RegisterService(impl->import.get());
  builder.RegisterService(impl->admin.get());
  builder.RegisterService(impl->replication.get());
  builder.RegisterService(impl->watch.get());
  builder.RegisterService(impl->reflection_v1.get());
  impl->grpc_server = builder.BuildAndStart();
  if (!impl->grpc_server || port == 0) {
    impl->store->Close().IgnoreError();
    return absl::UnavailableError(
        StrCat("cannot listen on '", options.listen_address, "' (in use, or not an address)"));
  }
  grpc::HealthCheckServiceInterface* health = impl->grpc_server->GetHealthCheckService();
  if (options.replicate_from.address.empty()) {
    health->SetServingStatus(true);
    for (const char* name : kServiceNames) health->SetServingStatus(name, true);
  } else {
    // A replica serves once it has caught up with the primary.
    impl->replicator = std::make_unique<Replicator>(
        options.replicate_from, impl->store.get(), health,
        std::vector<std::string>(std::begin(kServiceNames), std::end(kServiceNames)),
        options.max_replica_lag);
    if (impl->metrics) {
      Replicator* replicator = impl->replicator.get();
      impl->metrics->AddFigures("remarkgraph_", [replicator] { return replicator->Figures(); });
    }
  }

  if (!options.tls.enabled() && !IsLoopbackAddress(options.listen_address)) {
    Log(LogSeverity::kWarning,
        StrCat("remarkgraphd listens on ", options.listen_address,
               " beyond loopback without TLS: calls and data cross the network in clear text "
               "and anyone who can reach the port may write (set --tls_cert, --tls_key and "
               "--policy_file)"));
  }
  auto server = std::unique_ptr<Server>(new Server(std::move(impl)));
  server->port_ = port;
  const storage::StoreStats stats = server->store().Stats();
  Log(LogSeverity::kInfo,
      StrCat("remarkgraphd serving on ", options.listen_address, " (port ", port,
             "), data_dir=", options.data_dir, " nodes=", stats.nodes,
             " edges=", stats.edges,
             options.replicate_from.address.empty()
                 ? std::string()
                 : StrCat(", replica of ", options.replicate_from.address,
                          options.replicate_from.tls() ? " over TLS" : ""),
             server->impl_->metrics
                 ? StrCat(", metrics on port ", server->impl_->metrics->port())
                 : std::string()));
  return server;
}

absl::Status Server::Shutdown(absl::Duration grace) {
  {
    absl::MutexLock lock(&impl_->mutex);
    if (impl_->shut_down) return absl::OkStatus();
    impl_->shut_down = true;
  }
  Log(LogSeverity::kInfo, StrCat("remarkgraphd stopping: draining calls for up to ",
                                 absl::FormatDuration(grace)));
  // The replicator sets health; it stops first so that it cannot set it back.
  if (impl_->replicator) impl_->replicator->Stop();
  impl_->replication->Stop();
  impl_->watch->Stop();
  grpc::HealthCheckServiceInterface* health = impl_->grpc_server->GetHealthCheckService();
  health->SetServingStatus(false);
  for (const char* name : kServiceNames) health->SetServingStatus(name, false);
  impl_->grpc_server->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  impl_->grpc_server->Wait();
  absl::Status closed = impl_->store->Close();
  Log(closed.ok() ? LogSeverity::kInfo : LogSeverity::kError,
      closed.ok() ? std::string("remarkgraphd stopped; database closed cleanly")
                  : StrCat("remarkgraphd stopped; closing the database failed: ",
                           closed.ToString()));
  return closed;
}

void Server::Wait() { impl_->grpc_server->Wait(); }

}  // namespace remarkgraph::service
