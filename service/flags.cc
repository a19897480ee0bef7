#include "service/flags.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "common/log.h"
#include "common/strings.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "Address to serve on, host:port (0.0.0.0:50051 for all interfaces).");
ABSL_FLAG(std::string, data_dir, "data/remarkgraph", "Database directory.");
ABSL_FLAG(bool, sync_writes, false,
          "fsync the write-ahead log on every write (survives power loss, "
          "not only process crashes).");
ABSL_FLAG(int, block_cache_mb, 256, "Shared RocksDB block cache, MiB (1 to 1048576).");
ABSL_FLAG(bool, adjacency_cache, true,
          "Keep every edge's ends, kind and stance in memory (8 bytes a copy, two "
          "copies an edge; built at start) so that traversals, paths and dossiers "
          "walk the graph without reading RocksDB. false: they scan RocksDB.");
ABSL_FLAG(int, max_depth, 16, "Ceiling on any query's depth (1 to 256).");
ABSL_FLAG(int64_t, max_nodes, 100000, "Ceiling on nodes a query may return or hold (>= 1).");
ABSL_FLAG(int64_t, max_edges_scanned, 10000000, "Ceiling on edges a query may read (>= 1).");
ABSL_FLAG(int64_t, max_fanout, 100000, "Ceiling on edges followed out of one node (>= 1).");
ABSL_FLAG(absl::Duration, max_query_time, absl::Seconds(30),
          "Ceiling on the server time of one query (> 0).");
ABSL_FLAG(absl::Duration, default_query_time, absl::Seconds(5),
          "Server time of a query that asks for none (> 0).");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "How long in-flight calls may run on after SIGTERM (>= 0).");
ABSL_FLAG(int, max_message_mb, 16, "Largest request or response message, MiB (1 to 2047).");
ABSL_FLAG(int, max_concurrent_calls, 64,
          "Calls handled at once (1 to 100000): graph queries past it are refused at once "
          "with RESOURCE_EXHAUSTED; write and import calls wait for a thread.");
ABSL_FLAG(int, import_memory_mb, 2048,
          "Peak memory one import may take, MiB (64 to 1048576): an import estimated "
          "to need more is refused with RESOURCE_EXHAUSTED before it starts.");
ABSL_FLAG(int, max_watch_streams, 16,
          "WatchService streams served at once, each holding a thread (0 to 1024; 0 turns "
          "the change feed off).");
ABSL_FLAG(int, keepalive_time_ms, 300000,
          "Ping a connection idle this long, ms (10000 to 86400000).");
ABSL_FLAG(int, keepalive_timeout_ms, 20000,
          "Close a connection whose ping is not answered within this, ms (1000 to 600000).");
ABSL_FLAG(int, keepalive_min_ping_interval_ms, 10000,
          "Shortest interval between a client's keepalive pings, ms (1000 to 86400000); "
          "more often is answered with GOAWAY too_many_pings.");
ABSL_FLAG(bool, keepalive_permit_without_calls, true,
          "Accept client keepalive pings on connections with no call in flight.");
ABSL_FLAG(int, compress_min_kb, 64,
          "Graph query responses of at least this many KiB go gzip compressed to clients "
          "that accept gzip; 0 turns compression off (0 to 2097152).");
ABSL_FLAG(std::string, metrics_listen, "",
          "host:port of the Prometheus /metrics HTTP endpoint (e.g. 0.0.0.0:9464); "
          "empty for none.");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM certificate chain to serve TLS with; re-read when the file changes.");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert.");
ABSL_FLAG(std::string, client_ca, "",
          "PEM CA bundle: require client certificates signed by it (mutual TLS).");
ABSL_FLAG(absl::Duration, tls_reload_interval, absl::Seconds(10),
          "How often certificate, policy, tokens and JWKS files are checked for changes "
          "(>= 1s).");
ABSL_FLAG(std::string, policy_file, "",
          "JSON map of roles (reader, writer, admin) to identities; turns on "
          "authorisation (needs TLS).");
ABSL_FLAG(std::string, tokens_file, "",
          "Static bearer tokens: lines of '<sha-256 hex of the token> <identity>'.");
ABSL_FLAG(std::string, jwks_file, "", "JWKS whose RSA keys verify bearer JWTs.");
ABSL_FLAG(std::string, jwt_issuer, "", "Required iss of bearer JWTs, when set.");
ABSL_FLAG(std::string, jwt_audience, "", "Required aud of bearer JWTs, when set.");
ABSL_FLAG(std::string, backup_dir, "",
          "Directory of the database's backups (AdminService, remarkgraph backup); "
          "empty turns backups off.");
ABSL_FLAG(std::string, restore_backup, "",
          "Restore backup ID (or 'latest') from --backup_dir into --data_dir, which "
          "must be new or empty, and exit instead of serving.");
ABSL_FLAG(std::string, replicate_from, "",
          "Run as a read replica of the primary at host:port: copy its database "
          "into an empty --data_dir, then apply its writes; writes here are refused.");
ABSL_FLAG(std::string, replicate_tls_ca, "",
          "PEM CA of the primary's certificate: follow the primary over TLS.");
ABSL_FLAG(std::string, replicate_tls_cert, "",
          "PEM client certificate presented to the primary (mutual TLS); its identity "
          "needs the admin role there.");
ABSL_FLAG(std::string, replicate_tls_key, "", "PEM private key of --replicate_tls_cert.");
ABSL_FLAG(std::string, replicate_tls_server_name, "",
          "Name the primary's certificate is checked against, instead of the host of "
          "--replicate_from.");
ABSL_FLAG(std::string, replicate_token_file, "",
          "File holding the bearer token sent to the primary (TLS only); its identity "
          "needs the admin role there. Re-read at every reconnect.");
ABSL_FLAG(absl::Duration, max_replica_lag, absl::Seconds(30),
          "A replica further behind its primary than this reports NOT_SERVING (> 0).");
ABSL_FLAG(absl::Duration, wal_ttl, absl::Hours(1),
          "How long write-ahead log files are kept for replicas to catch up from (>= 0).");
ABSL_FLAG(int, wal_size_limit_mb, 1024,
          "Most MiB of write-ahead log files kept for replicas (0 to 1048576; 0: no limit "
          "but --wal_ttl).");
ABSL_FLAG(std::string, log_format, "text",
          "Log records as 'text' lines or 'json' objects, one per line, on stderr.");
ABSL_FLAG(std::string, log_level, "info",
          "Least severe records logged: debug, info, warning or error.");
ABSL_FLAG(std::string, access_log_level, "info",
          "Severity of the access log line of a successful call (debug or info); "
          "failed calls are always logged at warning or error.");

namespace remarkgraph::service {
namespace {

// Collects one message per bad flag.
class Problems {
 public:
  template <typename T>
  void Range(const char* flag, T value, T min, T max) {
    if (value < min || value > max) {
      list_.push_back(StrCat("--", flag, "=", value, " is out of range (", min, " to ", max,
                             ")"));
    }
  }
  void Positive(const char* flag, absl::Duration value, bool zero_allowed) {
    if (value == absl::InfiniteDuration() || value < absl::ZeroDuration() ||
        (!zero_allowed && value == absl::ZeroDuration())) {
      list_.push_back(StrCat("--", flag, "=", absl::FormatDuration(value), " must be ",
                             zero_allowed ? "zero or more" : "more than zero",
                             " and finite"));
    }
  }
  void Add(std::string problem) { list_.push_back(std::move(problem)); }
  template <typename T>
  T Take(const absl::StatusOr<T>& parsed, const char* flag, T fallback) {
    if (parsed.ok()) return *parsed;
    Add(StrCat("--", flag, ": ", parsed.status().message()));
    return fallback;
  }
  absl::Status ToStatus() const {
    if (list_.empty()) return absl::OkStatus();
    return absl::InvalidArgumentError(absl::StrJoin(list_, "\n"));
  }

 private:
  std::vector<std::string> list_;
};

// host:port with a port number; an empty host or a bracketed IPv6 address
// is fine ("[::1]:50051").
void CheckAddress(Problems& problems, const char* flag, const std::string& address) {
  const size_t colon = address.rfind(':');
  int port = -1;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(absl::string_view(address).substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    problems.Add(StrCat("--", flag, "='", EscapeForLog(address),
                        "' is not HOST:PORT with a port from 0 to 65535"));
  }
}

}  // namespace

absl::StatusOr<ServerOptions> ServerOptionsFromFlags() {
  Problems problems;
  ServerOptions options;

  options.listen_address = absl::GetFlag(FLAGS_listen);
  CheckAddress(problems, "listen", options.listen_address);
  options.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  if (!options.metrics_listen.empty()) {
    CheckAddress(problems, "metrics_listen", options.metrics_listen);
  }
  options.backup_dir = absl::GetFlag(FLAGS_backup_dir);
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  if (options.data_dir.empty()) problems.Add("--data_dir must name a directory");
  options.store.sync_writes = absl::GetFlag(FLAGS_sync_writes);

  const int cache_mb = absl::GetFlag(FLAGS_block_cache_mb);
  problems.Range("block_cache_mb", cache_mb, 1, 1 << 20);
  options.store.block_cache_bytes = static_cast<size_t>(std::max(cache_mb, 1)) << 20;
  options.store.adjacency = absl::GetFlag(FLAGS_adjacency_cache);

  query::Budget& max = options.ceilings.maximum;
  max.max_depth = absl::GetFlag(FLAGS_max_depth);
  problems.Range("max_depth", max.max_depth, 1, 256);
  max.max_nodes = absl::GetFlag(FLAGS_max_nodes);
  problems.Range<int64_t>("max_nodes", max.max_nodes, 1, INT64_MAX);
  max.max_edges_scanned = absl::GetFlag(FLAGS_max_edges_scanned);
  problems.Range<int64_t>("max_edges_scanned", max.max_edges_scanned, 1, INT64_MAX);
  max.max_fanout = absl::GetFlag(FLAGS_max_fanout);
  problems.Range<int64_t>("max_fanout", max.max_fanout, 1, INT64_MAX);
  max.time_budget = absl::GetFlag(FLAGS_max_query_time);
  problems.Positive("max_query_time", max.time_budget, false);
  options.ceilings.defaults.time_budget = absl::GetFlag(FLAGS_default_query_time);
  problems.Positive("default_query_time", options.ceilings.defaults.time_budget, false);
  options.ceilings.defaults = options.ceilings.Clamp(options.ceilings.defaults);
  problems.Positive("shutdown_grace", absl::GetFlag(FLAGS_shutdown_grace), true);

  // In bytes this must fit an int: 2047 MiB is the most.
  const int message_mb = absl::GetFlag(FLAGS_max_message_mb);
  problems.Range("max_message_mb", message_mb, 1, 2047);
  options.max_message_bytes = std::clamp(message_mb, 1, 2047) << 20;
  options.max_concurrent_calls = absl::GetFlag(FLAGS_max_concurrent_calls);
  problems.Range("max_concurrent_calls", options.max_concurrent_calls, 1, 100000);
  const int import_mb = absl::GetFlag(FLAGS_import_memory_mb);
  problems.Range("import_memory_mb", import_mb, 64, 1 << 20);
  options.import_memory_bytes = static_cast<size_t>(std::clamp(import_mb, 64, 1 << 20)) << 20;
  options.max_watch_streams = absl::GetFlag(FLAGS_max_watch_streams);
  problems.Range("max_watch_streams", options.max_watch_streams, 0, 1024);
  const int keepalive_time = absl::GetFlag(FLAGS_keepalive_time_ms);
  problems.Range("keepalive_time_ms", keepalive_time, 10000, 86400000);
  options.keepalive.time = absl::Milliseconds(keepalive_time);
  const int keepalive_timeout = absl::GetFlag(FLAGS_keepalive_timeout_ms);
  problems.Range("keepalive_timeout_ms", keepalive_timeout, 1000, 600000);
  options.keepalive.timeout = absl::Milliseconds(keepalive_timeout);
  const int min_ping = absl::GetFlag(FLAGS_keepalive_min_ping_interval_ms);
  problems.Range("keepalive_min_ping_interval_ms", min_ping, 1000, 86400000);
  options.keepalive.min_client_ping_interval = absl::Milliseconds(min_ping);
  options.keepalive.permit_without_calls = absl::GetFlag(FLAGS_keepalive_permit_without_calls);
  const int compress_kb = absl::GetFlag(FLAGS_compress_min_kb);
  problems.Range("compress_min_kb", compress_kb, 0, 2097152);
  options.compress_min_bytes = static_cast<size_t>(std::max(compress_kb, 0)) << 10;

  options.tls.cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.tls.key_file = absl::GetFlag(FLAGS_tls_key);
  options.tls.client_ca_file = absl::GetFlag(FLAGS_client_ca);
  options.tls.reload_interval = absl::GetFlag(FLAGS_tls_reload_interval);
  if (options.tls.reload_interval < absl::Seconds(1) ||
      options.tls.reload_interval == absl::InfiniteDuration()) {
    problems.Add(StrCat("--tls_reload_interval=",
                        absl::FormatDuration(options.tls.reload_interval),
                        " must be at least 1s and finite"));
  }
  options.policy_file = absl::GetFlag(FLAGS_policy_file);
  options.tokens_file = absl::GetFlag(FLAGS_tokens_file);
  options.jwks_file = absl::GetFlag(FLAGS_jwks_file);
  options.jwt_issuer = absl::GetFlag(FLAGS_jwt_issuer);
  options.jwt_audience = absl::GetFlag(FLAGS_jwt_audience);

  PrimaryConnection& primary = options.replicate_from;
  primary.address = absl::GetFlag(FLAGS_replicate_from);
  if (!primary.address.empty()) CheckAddress(problems, "replicate_from", primary.address);
  primary.ca_file = absl::GetFlag(FLAGS_replicate_tls_ca);
  primary.cert_file = absl::GetFlag(FLAGS_replicate_tls_cert);
  primary.key_file = absl::GetFlag(FLAGS_replicate_tls_key);
  primary.server_name = absl::GetFlag(FLAGS_replicate_tls_server_name);
  primary.token_file = absl::GetFlag(FLAGS_replicate_token_file);
  if (absl::Status checked = CheckPrimaryConnection(primary); !checked.ok()) {
    problems.Add(std::string(checked.message()));
  }
  options.max_replica_lag = absl::GetFlag(FLAGS_max_replica_lag);
  problems.Positive("max_replica_lag", options.max_replica_lag, false);
  const absl::Duration wal_ttl = absl::GetFlag(FLAGS_wal_ttl);
  problems.Positive("wal_ttl", wal_ttl, true);
  options.store.wal_ttl_seconds =
      static_cast<uint64_t>(std::max<int64_t>(0, absl::ToInt64Seconds(wal_ttl)));
  const int wal_mb = absl::GetFlag(FLAGS_wal_size_limit_mb);
  problems.Range("wal_size_limit_mb", wal_mb, 0, 1 << 20);
  options.store.wal_size_limit_mb = static_cast<uint64_t>(std::max(wal_mb, 0));

  const LogFormat format =
      problems.Take(ParseLogFormat(absl::GetFlag(FLAGS_log_format)), "log_format",
                    LogFormat::kText);
  const LogSeverity level = problems.Take(ParseLogSeverity(absl::GetFlag(FLAGS_log_level)),
                                          "log_level", LogSeverity::kInfo);
  options.access_log_severity =
      problems.Take(ParseLogSeverity(absl::GetFlag(FLAGS_access_log_level)),
                    "access_log_level", LogSeverity::kInfo);
  if (options.access_log_severity > LogSeverity::kInfo) {
    problems.Add("--access_log_level must be debug or info");
  }

  if (absl::Status status = problems.ToStatus(); !status.ok()) return status;
  SetLogFormat(format);
  SetMinLogSeverity(level);
  return options;
}

absl::StatusOr<std::optional<uint32_t>> RestoreBackupFromFlags() {
  const std::string value = absl::GetFlag(FLAGS_restore_backup);
  if (value.empty()) return std::optional<uint32_t>();
  if (absl::GetFlag(FLAGS_backup_dir).empty()) {
    return absl::InvalidArgumentError("--restore_backup needs --backup_dir");
  }
  if (value == "latest") return std::optional<uint32_t>(0);
  uint32_t id = 0;
  if (!absl::SimpleAtoi(value, &id) || id == 0) {
    return absl::InvalidArgumentError(
        StrCat("--restore_backup='", EscapeForLog(value), "' is not a backup id or 'latest'"));
  }
  return std::optional<uint32_t>(id);
}

absl::Duration ShutdownGraceFromFlags() { return absl::GetFlag(FLAGS_shutdown_grace); }

}  // namespace remarkgraph::service
