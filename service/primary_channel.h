// How a read replica reaches its primary (remarkgraphd --replicate_from):
// plaintext, TLS trusting a CA, mutual TLS with a client certificate, and a
// bearer token. The primary's ReplicationService needs the admin role when
// it checks roles (service/auth.h), so the certificate's or the token's
// identity must hold admin in the primary's policy file.
//
// The files are checked once at start (CheckPrimaryConnection) and read
// again at every connection to the primary, so that a rotated certificate
// or token takes effect at the next reconnect without a restart.
#ifndef REMARKGRAPH_SERVICE_PRIMARY_CHANNEL_H_
#define REMARKGRAPH_SERVICE_PRIMARY_CHANNEL_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace remarkgraph::service {

struct PrimaryConnection {
  std::string address;      // host:port of the primary (--replicate_from).
  std::string ca_file;      // PEM CA of the primary's certificate; set: TLS.
  std::string cert_file;    // PEM client certificate (mutual TLS)...
  std::string key_file;     // ...and its key; both or neither.
  std::string server_name;  // Checked against the primary's certificate
                            // instead of the host of `address`.
  std::string token_file;   // Bearer token sent with every call (TLS only).

  bool tls() const { return !ca_file.empty(); }
};

// INVALID_ARGUMENT naming the flag (--replicate_tls_ca, --replicate_tls_cert,
// --replicate_tls_key, --replicate_tls_server_name, --replicate_token_file)
// when a setting is given without --replicate_from, a certificate without
// its key, a certificate, server name or token without the CA, a file
// cannot be read or holds no PEM block, or the token file is empty.
absl::Status CheckPrimaryConnection(const PrimaryConnection& connection);

// A new channel to the primary (its own connection), with the files read
// now. FAILED_PRECONDITION naming the file when one cannot be read.
absl::StatusOr<std::shared_ptr<grpc::Channel>> ConnectToPrimary(
    const PrimaryConnection& connection);

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_PRIMARY_CHANNEL_H_
