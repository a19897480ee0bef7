// How the tool reaches the server: its address, transport security (TLS
// with a CA to trust, mutual TLS with a client certificate) and the bearer
// token sent with every call. Read from the global flags, each with an
// environment variable that stands in when the flag is absent.

#ifndef REMARKGRAPH_CLIENTS_CLI_CONNECTION_H_
#define REMARKGRAPH_CLIENTS_CLI_CONNECTION_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "clients/cli/args.h"
#include "grpcpp/channel.h"

namespace remarkgraph::cli {

inline constexpr char kDefaultServer[] = "localhost:50051";

// The environment variable of each connection flag.
inline constexpr char kServerEnvVar[] = "REMARKGRAPH_SERVER";
inline constexpr char kTlsCaEnvVar[] = "REMARKGRAPH_TLS_CA";
inline constexpr char kTlsCertEnvVar[] = "REMARKGRAPH_TLS_CERT";
inline constexpr char kTlsKeyEnvVar[] = "REMARKGRAPH_TLS_KEY";
inline constexpr char kTlsServerNameEnvVar[] = "REMARKGRAPH_TLS_SERVER_NAME";
inline constexpr char kTokenEnvVar[] = "REMARKGRAPH_TOKEN";
inline constexpr char kTokenFileEnvVar[] = "REMARKGRAPH_TOKEN_FILE";

struct ConnectionOptions {
  std::string server = kDefaultServer;
  // PEM CA bundle the server's certificate must chain to; not empty: TLS.
  std::string tls_root_certs;
  // PEM client certificate chain and its key, for mutual TLS; both or none.
  std::string tls_cert_chain;
  std::string tls_private_key;
  // The name the server's certificate is checked against, when it is not
  // the host of `server` (a pod reached by IP, a tunnel).
  std::string tls_server_name;
  // Sent as `authorization: Bearer <token>` with every call (TLS only).
  std::string token;

  bool tls() const { return !tls_root_certs.empty(); }
};

// The value of an environment variable, or null when it is not set.
using EnvironmentLookup = std::function<const char*(const char*)>;

// The connection options of the global flags --server, --tls-ca,
// --tls-cert, --tls-key, --tls-server-name, --token and --token-file (a flag
// wins over its variable). The files are read here. INVALID_ARGUMENT naming
// the flag (or variable) for an empty address, an unreadable file or one
// without PEM, a certificate without its key, a client certificate or
// server name without --tls-ca, both --token and --token-file, an empty
// token, or a token without TLS (the server trusts tokens only over TLS, and
// a token sent in clear text is given away).
absl::StatusOr<ConnectionOptions> ReadConnectionOptions(
    const ParsedArgs& args, const EnvironmentLookup& environment);

// A channel to `options.server` with the credentials the options describe.
// `max_receive_bytes` bounds a response message.
std::shared_ptr<grpc::Channel> MakeChannel(const ConnectionOptions& options,
                                           int max_receive_bytes);

}  // namespace remarkgraph::cli

#endif  // REMARKGRAPH_CLIENTS_CLI_CONNECTION_H_
