// A client channel over TLS as remarkgraph's own clients open one (the CLI,
// and a read replica following its primary): the server's certificate
// checked against a CA bundle, optionally a client certificate (mutual TLS)
// and a bearer token sent with every call. Contents, not paths: callers read
// the files when they choose to.
#ifndef REMARKGRAPH_COMMON_TLS_CHANNEL_H_
#define REMARKGRAPH_COMMON_TLS_CHANNEL_H_

#include <grpcpp/channel.h>
#include <grpcpp/support/channel_arguments.h>

#include <memory>
#include <string>

namespace remarkgraph {

struct TlsClientOptions {
  std::string root_certs;    // PEM CA bundle the server's certificate must chain to.
  std::string cert_chain;    // PEM client certificate, or empty...
  std::string private_key;   // ...and its private key.
  std::string server_name;   // When set, checked against the server's
                             // certificate instead of the host of the target.
  std::string bearer_token;  // When set, sent as `authorization: Bearer
                             // <token>` with every call, whichever stub makes it.
};

// A channel to `target` ("host:port") over TLS as `options` say, with the
// channel `arguments` given.
std::shared_ptr<grpc::Channel> CreateTlsChannel(const std::string& target,
                                                const TlsClientOptions& options,
                                                grpc::ChannelArguments arguments);

}  // namespace remarkgraph

#endif  // REMARKGRAPH_COMMON_TLS_CHANNEL_H_
