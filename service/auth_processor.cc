#include "service/auth_processor.h"

#include <grpc/grpc_security_constants.h>

#include "common/strings.h"

namespace remarkgraph::service {
namespace {

std::string_view View(const grpc::string_ref& ref) { return {ref.data(), ref.size()}; }

std::string FirstProperty(const grpc::AuthContext& context, const char* name) {
  const std::vector<grpc::string_ref> values = context.FindPropertyValues(name);
  return values.empty() ? std::string() : std::string(View(values.front()));
}

// The certificate's identity: its SPIFFE id (a URI SAN), else its CN.
std::string CertificateIdentity(const grpc::AuthContext& context) {
  std::string identity = FirstProperty(context, GRPC_PEER_SPIFFE_ID_PROPERTY_NAME);
  if (identity.empty()) {
    for (const grpc::string_ref& san : context.FindPropertyValues(GRPC_X509_SAN_PROPERTY_NAME)) {
      if (View(san).starts_with("spiffe://")) return std::string(View(san));
    }
    identity = FirstProperty(context, GRPC_X509_CN_PROPERTY_NAME);
  }
  return identity;
}

}  // namespace

AuthProcessor::AuthProcessor(std::shared_ptr<const AuthFiles> files,
                             std::vector<CallObserver*> observers)
    : files_(std::move(files)), observers_(std::move(observers)) {}

grpc::Status AuthProcessor::Process(const InputMetadata& auth_metadata,
                                    grpc::AuthContext* context,
                                    OutputMetadata* consumed_auth_metadata,
                                    OutputMetadata* /*response_metadata*/) {
  std::string method;
  if (auto it = auth_metadata.find(":path"); it != auth_metadata.end()) {
    method = std::string(View(it->second));
  }
  const Role needed = RequiredRole(method);
  const std::shared_ptr<const AuthRules> rules = files_->Current();

  std::string identity;
  std::string how;
  if (auto it = auth_metadata.find("authorization"); it != auth_metadata.end()) {
    const std::string_view header = View(it->second);
    // The token must not reach handlers or logs.
    consumed_auth_metadata->insert({"authorization", std::string(header)});
    if (!header.starts_with("Bearer ")) {
      return Refuse(method, grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                                         "the authorization metadata must be 'Bearer <token>'"));
    }
    const std::string_view token = header.substr(7);
    if (rules->tokens) {
      if (std::optional<std::string> found = rules->tokens->IdentityOf(token)) {
        identity = *found;
        how = "token";
      }
    }
    if (identity.empty() && rules->jwt && std::count(token.begin(), token.end(), '.') == 2) {
      absl::StatusOr<std::string> subject = rules->jwt->Verify(token);
      if (!subject.ok()) {
        return Refuse(method, grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                                           StrCat("the bearer JWT is not valid: ",
                                                  subject.status().message())));
      }
      identity = *subject;
      how = "jwt";
    }
    if (identity.empty()) {
      return Refuse(method, grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                                         "the bearer token is not known to this server"));
    }
  } else {
    identity = CertificateIdentity(*context);
    how = "certificate";
  }
  if (!identity.empty()) context->AddProperty(kIdentityProperty, identity);
  if (needed == Role::kNone) return grpc::Status::OK;
  if (identity.empty()) {
    return Refuse(method,
                  grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                               StrCat(method, " needs the ", RoleName(needed),
                                      " role: send a client certificate or "
                                      "'authorization: Bearer <token>' metadata")));
  }
  const Role held = rules->policy.RoleOf(identity);
  if (held < needed) {
    return Refuse(method, grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                                       StrCat("'", identity, "' (by ", how, ") has ",
                                              held == Role::kNone ? "no role" : "the role ",
                                              held == Role::kNone ? "" : RoleName(held), "; ",
                                              method, " needs ", RoleName(needed))));
  }
  return grpc::Status::OK;
}

grpc::Status AuthProcessor::Refuse(std::string_view method, grpc::Status status) {
  // error_message() returns a copy: keep it alive while observers look.
  const std::string message = status.error_message();
  CallRecord record;
  record.method = method;
  record.code = status.error_code();
  record.message = message;
  record.request_id = "-";
  record.peer = "-";
  for (CallObserver* observer : observers_) {
    observer->OnCallStart(method);
    observer->OnCallEnd(record);
  }
  return status;
}

}  // namespace remarkgraph::service
