#include "common/tls_channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

namespace remarkgraph {

std::shared_ptr<grpc::Channel> CreateTlsChannel(const std::string& target,
                                                const TlsClientOptions& options,
                                                grpc::ChannelArguments arguments) {
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = options.root_certs;
  ssl.pem_cert_chain = options.cert_chain;
  ssl.pem_private_key = options.private_key;
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::SslCredentials(ssl);
  if (!options.bearer_token.empty()) {
    // Call credentials on the channel: every call carries the token.
    credentials = grpc::CompositeChannelCredentials(
        credentials, grpc::AccessTokenCredentials(options.bearer_token));
  }
  if (!options.server_name.empty()) arguments.SetSslTargetNameOverride(options.server_name);
  return grpc::CreateCustomChannel(target, credentials, arguments);
}

}  // namespace remarkgraph
