// Authentication and authorisation of every call, in gRPC's server auth
// step (an AuthMetadataProcessor on the TLS credentials): it runs before any
// handler and whatever API style the service uses, and a refused call never
// reaches one.
//
// The caller's identity is its bearer token's (`authorization: Bearer ...`,
// looked up in the tokens file or verified as a JWT against the JWKS file)
// when it sends one, else its client certificate's (peer SPIFFE id, else
// subject CN). Then:
//   no identity, or a token that is not valid  -> UNAUTHENTICATED
//   identity without the role the method needs -> PERMISSION_DENIED
// each with a message saying what was missing. Refusals are told to the
// call observers (access log, metrics), since no interceptor sees them.
// They carry no google.rpc.Status details: gRPC passes only the code and
// message of this step to the client (docs/api.md, Errors). The policy,
// tokens and JWKS in force are those of AuthFiles at the time of the call,
// so a reload applies to the next call.
// The authenticated identity is added to the call's AuthContext as
// kIdentityProperty. Thread-safe.
#ifndef REMARKGRAPH_SERVICE_AUTH_PROCESSOR_H_
#define REMARKGRAPH_SERVICE_AUTH_PROCESSOR_H_

#include <grpcpp/security/auth_metadata_processor.h>

#include <memory>
#include <vector>

#include "service/auth_files.h"
#include "service/call_interceptor.h"

namespace remarkgraph::service {

inline constexpr char kIdentityProperty[] = "remarkgraph_identity";

class AuthProcessor final : public grpc::AuthMetadataProcessor {
 public:
  // Observers are not owned and must outlive the server.
  AuthProcessor(std::shared_ptr<const AuthFiles> files, std::vector<CallObserver*> observers);

  bool IsBlocking() const override { return false; }
  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

 private:
  grpc::Status Refuse(std::string_view method, grpc::Status status);

  const std::shared_ptr<const AuthFiles> files_;
  const std::vector<CallObserver*> observers_;
};

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_AUTH_PROCESSOR_H_
