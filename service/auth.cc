#include "service/auth.h"

#include <openssl/evp.h>

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "common/log.h"
#include "common/strings.h"
#include "nlohmann/json.hpp"

namespace remarkgraph::service {
namespace {

std::optional<Role> RoleFromName(std::string_view name) {
  if (name == "reader") return Role::kReader;
  if (name == "writer") return Role::kWriter;
  if (name == "admin") return Role::kAdmin;
  return std::nullopt;
}

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kNone:
      return "none";
    case Role::kReader:
      return "reader";
    case Role::kWriter:
      return "writer";
    case Role::kAdmin:
      return "admin";
  }
  return "none";
}

Role RequiredRole(std::string_view method) {
  if (method.starts_with("/grpc.health.v1.Health/") ||
      method.starts_with("/grpc.reflection.v1alpha.ServerReflection/") ||
      method.starts_with("/grpc.reflection.v1.ServerReflection/")) {
    return Role::kNone;
  }
  if (method.starts_with("/remarkgraph.v1.GraphService/")) return Role::kReader;
  if (method.starts_with("/remarkgraph.v1.WatchService/")) return Role::kReader;
  if (method.starts_with("/remarkgraph.v1.WriteService/")) return Role::kWriter;
  if (method == "/remarkgraph.v1.ImportService/ExportGraph") return Role::kAdmin;
  if (method.starts_with("/remarkgraph.v1.ImportService/")) return Role::kWriter;
  if (method.starts_with("/remarkgraph.v1.ReplicationService/")) return Role::kAdmin;
  return Role::kAdmin;
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::FailedPreconditionError(StrCat("cannot read '", path, "'"));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::StatusOr<AccessPolicy> AccessPolicy::Parse(std::string_view json) {
  const nlohmann::json document = nlohmann::json::parse(json, nullptr, false);
  if (document.is_discarded() || !document.is_object()) {
    return absl::InvalidArgumentError(
        "not a JSON object of role names to lists of identities");
  }
  AccessPolicy policy;
  for (const auto& [name, identities] : document.items()) {
    const std::optional<Role> role = RoleFromName(name);
    if (!role) {
      return absl::InvalidArgumentError(
          StrCat("'", EscapeForLog(name), "' is not a role (reader, writer, admin)"));
    }
    if (!identities.is_array()) {
      return absl::InvalidArgumentError(StrCat("\"", name, "\" must be a list of identities"));
    }
    for (const nlohmann::json& identity : identities) {
      if (!identity.is_string() || identity.get<std::string>().empty()) {
        return absl::InvalidArgumentError(
            StrCat("\"", name, "\" lists something that is not an identity string"));
      }
      const std::string value = identity.get<std::string>();
      Role& held = value == "*" ? policy.everyone_ : policy.roles_[value];
      held = std::max(held, *role);
    }
  }
  return policy;
}

Role AccessPolicy::RoleOf(std::string_view identity) const {
  Role role = everyone_;
  if (auto it = roles_.find(Sv(identity)); it != roles_.end()) role = std::max(role, it->second);
  return role;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

absl::StatusOr<TokenTable> TokenTable::Parse(std::string_view text) {
  TokenTable table;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(Sv(text), '\n')) {
    ++number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    std::vector<absl::string_view> words =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    const bool hex = words.size() == 2 && words[0].size() == 64 &&
                     words[0].find_first_not_of("0123456789abcdef") == absl::string_view::npos;
    if (!hex) {
      return absl::InvalidArgumentError(
          StrCat("line ", number,
                 " is not '<sha-256 of the token, 64 lowercase hex digits> <identity>'"));
    }
    table.identity_by_hash_[std::string(words[0])] = std::string(words[1]);
  }
  return table;
}

std::optional<std::string> TokenTable::IdentityOf(std::string_view token) const {
  // Looking up the hash compares digests, not the secret: no timing leak
  // of the token itself.
  auto it = identity_by_hash_.find(Sha256Hex(token));
  if (it == identity_by_hash_.end()) return std::nullopt;
  return it->second;
}

}  // namespace remarkgraph::service
