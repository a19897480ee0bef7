// The remarkgraph server: the RocksDB store, the query engine, the gRPC
// services (graph, write, grpc.health.v1, reflection) on one port.
#ifndef REMARKGRAPH_SERVICE_SERVER_H_
#define REMARKGRAPH_SERVICE_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/log.h"
#include "service/primary_channel.h"
#include "service/tls.h"
#include "query/query_engine.h"
#include "storage/graph_store.h"

namespace remarkgraph::service {

struct ServerOptions {
  // host:port; port 0 picks a free port (see Server::port()).
  std::string listen_address = "127.0.0.1:50051";
  // The database directory; created if missing.
  std::string data_dir = "data/remarkgraph";
  storage::StoreOptions store;
  query::Ceilings ceilings;
  // WatchService streams served at once (each holds a server thread);
  // more are refused with RESOURCE_EXHAUSTED.
  int max_watch_streams = 16;
  // Largest request or response message, bytes. Larger requests are
  // refused with RESOURCE_EXHAUSTED before they reach a handler.
  int max_message_bytes = 16 << 20;
  // Calls handled at once. Graph queries (GraphService, on the callback
  // API, inline on gRPC's own threads) in flight past it are refused at
  // once with RESOURCE_EXHAUSTED (reason TOO_MANY_QUERIES, a retry delay);
  // a query counts until its answer has gone out, so slow readers hold
  // their slots. Write and import calls, on a thread pool of this size,
  // wait for a thread, and past its queue are refused with
  // RESOURCE_EXHAUSTED.
  int max_concurrent_calls = 64;
  // Severity of the access log record of a successful call (failed calls
  // are logged at WARN or ERROR whatever this is).
  LogSeverity access_log_severity = LogSeverity::kInfo;
  // host:port of the Prometheus /metrics HTTP endpoint; empty for none.
  // Port 0 picks a free port (see Server::metrics_port()).
  std::string metrics_listen;
  // Where AdminService keeps backups; empty turns backups off.
  std::string backup_dir;
  // TLS, mutual TLS and certificate reload (service/tls.h).
  TlsOptions tls;
  // Roles (service/auth.h). With a policy file every call but health and
  // reflection needs an identity holding the method's role; without one,
  // any caller may call anything. Needs TLS.
  std::string policy_file;
  std::string tokens_file;  // Static bearer tokens, by their SHA-256.
  std::string jwks_file;    // Keys that verify bearer JWTs.
  std::string jwt_issuer;   // Required JWT `iss` when not empty.
  std::string jwt_audience;  // Required JWT `aud` when not empty.
  // The primary to follow as a read replica (service/replicator.h), and how
  // to reach it; an empty address for a primary. A replica refuses writes
  // and imports.
  PrimaryConnection replicate_from;
  // Peak memory one import may take, estimated from its size before it
  // starts (ingest::EstimatedImportMemory); larger imports are refused with
  // RESOURCE_EXHAUSTED. 0: no budget.
  size_t import_memory_bytes = size_t{2} << 30;
  // A replica past this lag (seconds since it last held everything the
  // primary had) reports NOT_SERVING.
  absl::Duration max_replica_lag = absl::Seconds(30);
  // HTTP/2 keepalive. The server pings a connection idle for `time` and
  // closes it if no answer comes within `timeout`. Clients may ping as often
  // as `min_client_ping_interval` (more often is answered with GOAWAY
  // too_many_pings), also without calls in flight when
  // `permit_without_calls`.
  struct Keepalive {
    absl::Duration time = absl::Minutes(5);
    absl::Duration timeout = absl::Seconds(20);
    absl::Duration min_client_ping_interval = absl::Seconds(10);
    bool permit_without_calls = true;
  } keepalive;
  // Graph query responses of at least this many bytes are sent gzip
  // compressed to clients that accept gzip; 0 turns compression off.
  size_t compress_min_bytes = 64 << 10;
};

class Server {
 public:
  // Opens the database and starts serving. UNAVAILABLE if the port cannot
  // be bound or the database is locked by another process.
  static absl::StatusOr<std::unique_ptr<Server>> Start(const ServerOptions& options);

  ~Server();

  // The bound port.
  int port() const { return port_; }
  // The bound metrics port, 0 without metrics.
  int metrics_port() const;
  storage::GraphStore& store();

  // Marks the server NOT_SERVING, stops accepting calls, lets in-flight
  // calls finish for up to `grace` (then cancels them), and closes the
  // database cleanly. Idempotent.
  absl::Status Shutdown(absl::Duration grace);

  // Blocks until Shutdown has completed.
  void Wait();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_SERVER_H_
