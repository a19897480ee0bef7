// Who may call what. Three roles, each including the one below it:
// reader (GraphService reads), writer (WriteService, imports), admin
// (export, backups). Health and reflection need none, so probes and
// grpcurl's `list` work without credentials.
//
// A caller's identity comes from its client certificate (the SPIFFE id of a
// URI SAN, else the subject CN) or from a bearer token; the policy file maps
// identities to roles. All classes are immutable after loading and
// thread-safe.
#ifndef REMARKGRAPH_SERVICE_AUTH_H_
#define REMARKGRAPH_SERVICE_AUTH_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace remarkgraph::service {

enum class Role { kNone = 0, kReader = 1, kWriter = 2, kAdmin = 3 };

std::string_view RoleName(Role role);

// The role `method` ("/remarkgraph.v1.WriteService/UpsertNodes") needs.
// Methods the server does not know need admin, so that a new service is
// closed until it is listed here.
Role RequiredRole(std::string_view method);

// The policy file, JSON: role name -> identities holding it.
//   {"admin": ["spiffe://example.org/ops"], "writer": ["importer"],
//    "reader": ["*"]}
// "*" gives the role to every authenticated caller. An identity listed
// under several roles has the highest.
class AccessPolicy {
 public:
  // INVALID_ARGUMENT naming the problem for a file that does not parse or
  // names an unknown role. (service/auth_files.h reads the file.)
  static absl::StatusOr<AccessPolicy> Parse(std::string_view json);

  Role RoleOf(std::string_view identity) const;

 private:
  absl::flat_hash_map<std::string, Role> roles_;
  Role everyone_ = Role::kNone;
};

// The static tokens file: one token a line as the SHA-256 of the token in
// hex and the identity it stands for, so the file holds no usable secret:
//   # printf %s "$TOKEN" | sha256sum
//   9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 importer
class TokenTable {
 public:
  // INVALID_ARGUMENT naming the first line that is not a token line.
  static absl::StatusOr<TokenTable> Parse(std::string_view text);

  // The identity of `token`, or nullopt when it is not listed.
  std::optional<std::string> IdentityOf(std::string_view token) const;

 private:
  absl::flat_hash_map<std::string, std::string> identity_by_hash_;
};

// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// The whole file at `path`; FAILED_PRECONDITION naming it when unreadable.
absl::StatusOr<std::string> ReadWholeFile(const std::string& path);

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_AUTH_H_
