// Transport security of the server: TLS from a certificate and key file,
// mutual TLS when a client CA file is given (client certificates required
// and verified), and certificates re-read when their files change, so a
// rotated Kubernetes secret takes effect without a restart (gRPC's
// FileWatcherCertificateProvider; new handshakes use the new files,
// established connections keep theirs).
#ifndef REMARKGRAPH_SERVICE_TLS_H_
#define REMARKGRAPH_SERVICE_TLS_H_

#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace remarkgraph::service {

struct TlsOptions {
  std::string cert_file;       // PEM certificate chain; empty: plaintext.
  std::string key_file;        // PEM private key of the certificate.
  std::string client_ca_file;  // PEM CA bundle; non-empty: mutual TLS.
  // How often the files are checked for changes.
  absl::Duration reload_interval = absl::Seconds(10);

  bool enabled() const { return !cert_file.empty(); }
};

// The server credentials `options` describe: insecure when TLS is off.
// INVALID_ARGUMENT when only one of cert and key is given, or a client CA
// without them; FAILED_PRECONDITION when a file cannot be read or holds no
// PEM block.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TlsOptions& options);

// FAILED_PRECONDITION naming `--flag` and the file when `path` cannot be
// read or holds no PEM block. gRPC's certificate provider reads files on
// its own thread and only logs what it cannot read, so a wrong path would
// show up as failed handshakes; this check fails at start instead.
absl::Status CheckPemFile(const char* flag, const std::string& path);

// True when `listen_address` ("host:port") binds to loopback only.
bool IsLoopbackAddress(const std::string& listen_address);

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_TLS_H_
