#include "service/primary_channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include "absl/strings/ascii.h"
#include "common/strings.h"
#include "common/tls_channel.h"
#include "service/auth.h"
#include "service/tls.h"

namespace remarkgraph::service {
namespace {

absl::StatusOr<std::string> ReadFileOf(const char* flag, const std::string& path) {
  absl::StatusOr<std::string> text = ReadWholeFile(path);
  if (!text.ok()) {
    return absl::FailedPreconditionError(StrCat("--", flag, ": ", text.status().message()));
  }
  return text;
}

// The token in the file: one word, white space around it dropped.
absl::StatusOr<std::string> ReadToken(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFileOf("replicate_token_file", path);
  if (!text.ok()) return text.status();
  const std::string token(absl::StripAsciiWhitespace(*text));
  if (token.empty() || token.find_first_of(" \t\r\n") != std::string::npos) {
    return absl::InvalidArgumentError(
        StrCat("--replicate_token_file: '", path, "' must hold one token"));
  }
  return token;
}

}  // namespace

absl::Status CheckPrimaryConnection(const PrimaryConnection& connection) {
  const std::pair<const char*, const std::string*> settings[] = {
      {"replicate_tls_ca", &connection.ca_file},
      {"replicate_tls_cert", &connection.cert_file},
      {"replicate_tls_key", &connection.key_file},
      {"replicate_tls_server_name", &connection.server_name},
      {"replicate_token_file", &connection.token_file}};
  for (const auto& [flag, value] : settings) {
    if (value->empty()) continue;
    if (connection.address.empty()) {
      return absl::InvalidArgumentError(StrCat("--", flag, " needs --replicate_from"));
    }
    if (!connection.tls() && value != &connection.ca_file) {
      return absl::InvalidArgumentError(
          StrCat("--", flag, " needs --replicate_tls_ca (the CA of the primary's certificate)"));
    }
  }
  if (connection.cert_file.empty() != connection.key_file.empty()) {
    return absl::InvalidArgumentError("--replicate_tls_cert and --replicate_tls_key go together");
  }
  if (!connection.tls()) return absl::OkStatus();
  for (const auto& [flag, value] : settings) {
    if (value->empty() || value == &connection.server_name ||
        value == &connection.token_file) {
      continue;
    }
    absl::Status pem = CheckPemFile(flag, *value);
    if (!pem.ok()) return absl::InvalidArgumentError(pem.message());
  }
  if (!connection.token_file.empty()) {
    absl::StatusOr<std::string> token = ReadToken(connection.token_file);
    if (!token.ok()) return absl::InvalidArgumentError(token.status().message());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> ConnectToPrimary(
    const PrimaryConnection& connection) {
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(-1);
  // A cut connection is noticed within seconds, not at the next write.
  arguments.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 2000);
  arguments.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 2000);
  arguments.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  // Each stream gets a connection of its own, made with the files as they
  // are now.
  arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  if (!connection.tls()) {
    return grpc::CreateCustomChannel(connection.address, grpc::InsecureChannelCredentials(),
                                     arguments);
  }
  TlsClientOptions tls;
  absl::StatusOr<std::string> roots = ReadFileOf("replicate_tls_ca", connection.ca_file);
  if (!roots.ok()) return roots.status();
  tls.root_certs = *std::move(roots);
  if (!connection.cert_file.empty()) {
    absl::StatusOr<std::string> chain = ReadFileOf("replicate_tls_cert", connection.cert_file);
    if (!chain.ok()) return chain.status();
    absl::StatusOr<std::string> key = ReadFileOf("replicate_tls_key", connection.key_file);
    if (!key.ok()) return key.status();
    tls.cert_chain = *std::move(chain);
    tls.private_key = *std::move(key);
  }
  if (!connection.token_file.empty()) {
    absl::StatusOr<std::string> token = ReadToken(connection.token_file);
    if (!token.ok()) return token.status();
    tls.bearer_token = *std::move(token);
  }
  tls.server_name = connection.server_name;
  return CreateTlsChannel(connection.address, tls, std::move(arguments));
}

}  // namespace remarkgraph::service
