#include "service/tls.h"

#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_credentials_options.h>

#include <fstream>
#include <sstream>

#include "common/strings.h"

namespace remarkgraph::service {
absl::Status CheckPemFile(const char* flag, const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::FailedPreconditionError(StrCat("--", flag, ": cannot read '", path, "'"));
  std::stringstream text;
  text << in.rdbuf();
  if (text.str().find("-----BEGIN ") == std::string::npos) {
    return absl::FailedPreconditionError(
        StrCat("--", flag, ": '", path, "' holds no PEM block"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TlsOptions& options) {
  if (options.cert_file.empty() != options.key_file.empty()) {
    return absl::InvalidArgumentError("--tls_cert and --tls_key go together");
  }
  if (!options.enabled()) {
    if (!options.client_ca_file.empty()) {
      return absl::InvalidArgumentError("--client_ca needs --tls_cert and --tls_key");
    }
    return grpc::InsecureServerCredentials();
  }
  if (absl::Status s = CheckPemFile("tls_cert", options.cert_file); !s.ok()) return s;
  if (absl::Status s = CheckPemFile("tls_key", options.key_file); !s.ok()) return s;
  const bool mutual = !options.client_ca_file.empty();
  if (mutual) {
    if (absl::Status s = CheckPemFile("client_ca", options.client_ca_file); !s.ok()) return s;
  }
  const auto interval = static_cast<unsigned int>(
      std::max<int64_t>(1, absl::ToInt64Seconds(options.reload_interval)));
  auto provider = std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
      options.key_file, options.cert_file, options.client_ca_file, interval);
  grpc::experimental::TlsServerCredentialsOptions tls(provider);
  tls.watch_identity_key_cert_pairs();
  if (mutual) {
    tls.watch_root_certs();
    tls.set_cert_request_type(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  } else {
    tls.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  }
  return grpc::experimental::TlsServerCredentials(tls);
}

bool IsLoopbackAddress(const std::string& listen_address) {
  if (listen_address.starts_with("unix:")) return true;  // not on the network
  const size_t colon = listen_address.rfind(':');
  const std::string host = listen_address.substr(0, colon);
  return host == "localhost" || host == "[::1]" || host.starts_with("127.");
}

}  // namespace remarkgraph::service
