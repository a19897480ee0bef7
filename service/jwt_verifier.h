// Verifies bearer JWTs against the keys of a JWKS file (RFC 7517).
//
// Debian 12's libjwt (1.10) verifies a token's signature against one PEM
// key but cannot read a JWKS, so the JWKS is read here: each RSA key (kty
// "RSA", n, e) becomes a PEM public key through OpenSSL, and the token's
// `kid` picks the key (a JWKS with one key needs none). Only RS256, RS384
// and RS512 are accepted; "none" and HMAC are refused, so a public key
// cannot be used as an HMAC secret. Claims checked: exp (required), nbf,
// and iss and aud when configured; `sub` is the caller's identity.
// Thread-safe after construction.
#ifndef REMARKGRAPH_SERVICE_JWT_VERIFIER_H_
#define REMARKGRAPH_SERVICE_JWT_VERIFIER_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace remarkgraph::service {

class JwtVerifier {
 public:
  struct Options {
    std::string issuer;    // Required `iss` when not empty.
    std::string audience;  // Required among `aud` when not empty.
    absl::Duration leeway = absl::Seconds(60);  // Clock skew allowed.
  };

  // INVALID_ARGUMENT for a JWKS without a usable RSA key or that does not
  // parse. (service/auth_files.h reads the file.)
  static absl::StatusOr<std::unique_ptr<JwtVerifier>> FromJwks(std::string_view jwks,
                                                               Options options);

  // The token's subject when its signature and claims are valid;
  // UNAUTHENTICATED saying why not.
  absl::StatusOr<std::string> Verify(std::string_view token, absl::Time now = absl::Now()) const;

 private:
  JwtVerifier() = default;

  Options options_;
  absl::flat_hash_map<std::string, std::string> pem_by_kid_;  // kid ("" if none) -> PEM
};

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_JWT_VERIFIER_H_
