#include "clients/cli/connection.h"

#include <fstream>
#include <optional>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/tls_channel.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace remarkgraph::cli {
namespace {

// One connection setting: where it came from (for messages) and its value.
struct Setting {
  std::string source;  // "--tls-ca" or "$REMARKGRAPH_TLS_CA"
  std::string value;
};

// The flag's value when given, else the variable's when set and not empty.
std::optional<Setting> Lookup(const ParsedArgs& args, const char* flag,
                              const char* variable,
                              const EnvironmentLookup& environment) {
  if (args.Has(flag)) return Setting{absl::StrCat("--", flag), args.Get(flag)};
  const char* value = environment(variable);
  if (value != nullptr && *value != '\0') {
    return Setting{absl::StrCat("$", variable), value};
  }
  return std::nullopt;
}

absl::StatusOr<std::string> ReadFile(const Setting& setting) {
  if (setting.value.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(setting.source, " wants a file"));
  }
  std::ifstream in(setting.value, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat(setting.source, ": cannot read '", setting.value, "'"));
  }
  return text.str();
}

absl::StatusOr<std::string> ReadPemFile(const Setting& setting) {
  absl::StatusOr<std::string> text = ReadFile(setting);
  if (text.ok() && !absl::StrContains(*text, "-----BEGIN ")) {
    return absl::InvalidArgumentError(
        absl::StrCat(setting.source, ": '", setting.value, "' holds no PEM block"));
  }
  return text;
}

}  // namespace

absl::StatusOr<ConnectionOptions> ReadConnectionOptions(
    const ParsedArgs& args, const EnvironmentLookup& environment) {
  ConnectionOptions options;
  if (std::optional<Setting> server =
          Lookup(args, "server", kServerEnvVar, environment)) {
    if (server->value.empty()) {
      return absl::InvalidArgumentError("--server wants HOST:PORT");
    }
    options.server = server->value;
  }

  const std::optional<Setting> ca = Lookup(args, "tls-ca", kTlsCaEnvVar, environment);
  const std::optional<Setting> cert =
      Lookup(args, "tls-cert", kTlsCertEnvVar, environment);
  const std::optional<Setting> key = Lookup(args, "tls-key", kTlsKeyEnvVar, environment);
  const std::optional<Setting> server_name =
      Lookup(args, "tls-server-name", kTlsServerNameEnvVar, environment);
  if (ca.has_value()) {
    absl::StatusOr<std::string> roots = ReadPemFile(*ca);
    if (!roots.ok()) return roots.status();
    options.tls_root_certs = *std::move(roots);
  }
  if (cert.has_value() != key.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat(cert ? cert->source : key->source,
                     " needs its pair: --tls-cert and --tls-key go together"));
  }
  if (cert.has_value()) {
    if (!ca.has_value()) {
      return absl::InvalidArgumentError(absl::StrCat(
          cert->source, " needs --tls-ca (the CA the server's certificate chains to)"));
    }
    absl::StatusOr<std::string> chain = ReadPemFile(*cert);
    if (!chain.ok()) return chain.status();
    absl::StatusOr<std::string> private_key = ReadPemFile(*key);
    if (!private_key.ok()) return private_key.status();
    options.tls_cert_chain = *std::move(chain);
    options.tls_private_key = *std::move(private_key);
  }
  if (server_name.has_value()) {
    if (!ca.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat(server_name->source, " needs --tls-ca"));
    }
    if (server_name->value.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(server_name->source, " wants a host name"));
    }
    options.tls_server_name = server_name->value;
  }

  const std::optional<Setting> token = Lookup(args, "token", kTokenEnvVar, environment);
  const std::optional<Setting> token_file =
      Lookup(args, "token-file", kTokenFileEnvVar, environment);
  // A flag of one kind wins over a variable of the other; two flags (or
  // two variables) are ambiguous.
  const bool token_flag = args.Has("token"), token_file_flag = args.Has("token-file");
  if (token && token_file && token_flag == token_file_flag) {
    return absl::InvalidArgumentError(absl::StrCat(
        "give ", token->source, " or ", token_file->source, ", not both"));
  }
  std::optional<Setting> chosen = token;
  if (token_file && (!token || token_file_flag)) {
    absl::StatusOr<std::string> text = ReadFile(*token_file);
    if (!text.ok()) return text.status();
    chosen = Setting{token_file->source,
                     std::string(absl::StripAsciiWhitespace(*text))};
  }
  if (chosen.has_value()) {
    if (chosen->value.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(chosen->source, ": the token is empty"));
    }
    if (chosen->value.find_first_of(" \t\r\n") != std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat(chosen->source, ": a token is one word, without spaces or lines"));
    }
    if (!options.tls()) {
      return absl::InvalidArgumentError(absl::StrCat(
          chosen->source,
          " needs --tls-ca: a token is only sent over TLS, never in clear text"));
    }
    options.token = chosen->value;
  }
  return options;
}

std::shared_ptr<grpc::Channel> MakeChannel(const ConnectionOptions& options,
                                           int max_receive_bytes) {
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(max_receive_bytes);
  if (!options.tls()) {
    return grpc::CreateCustomChannel(options.server, grpc::InsecureChannelCredentials(),
                                     arguments);
  }
  return CreateTlsChannel(options.server,
                          {.root_certs = options.tls_root_certs,
                           .cert_chain = options.tls_cert_chain,
                           .private_key = options.tls_private_key,
                           .server_name = options.tls_server_name,
                           .bearer_token = options.token},
                          std::move(arguments));
}

}  // namespace remarkgraph::cli
