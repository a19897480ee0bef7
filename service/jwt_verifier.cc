#include "service/jwt_verifier.h"

#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "common/log.h"
#include "common/strings.h"
#include "nlohmann/json.hpp"

namespace remarkgraph::service {
namespace {

absl::Status Unauthenticated(std::string_view why) {
  return absl::UnauthenticatedError(std::string(why));
}

// An RSA public key from its JWK modulus and exponent (base64url), as PEM.
absl::StatusOr<std::string> RsaPem(const std::string& n64, const std::string& e64) {
  std::string n, e;
  if (!absl::WebSafeBase64Unescape(n64, &n) || !absl::WebSafeBase64Unescape(e64, &e) ||
      n.empty() || e.empty()) {
    return absl::InvalidArgumentError("an RSA key's n or e is not base64url");
  }
  BIGNUM* bn_n = BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()), n.size(), nullptr);
  BIGNUM* bn_e = BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()), e.size(), nullptr);
  OSSL_PARAM_BLD* build = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_N, bn_n);
  OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_E, bn_e);
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(build);
  EVP_PKEY_CTX* context = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
  EVP_PKEY* key = nullptr;
  std::string pem;
  if (params != nullptr && context != nullptr && EVP_PKEY_fromdata_init(context) == 1 &&
      EVP_PKEY_fromdata(context, &key, EVP_PKEY_PUBLIC_KEY, params) == 1) {
    BIO* bio = BIO_new(BIO_s_mem());
    if (PEM_write_bio_PUBKEY(bio, key) == 1) {
      char* data = nullptr;
      const long length = BIO_get_mem_data(bio, &data);
      pem.assign(data, length);
    }
    BIO_free(bio);
  }
  EVP_PKEY_free(key);
  EVP_PKEY_CTX_free(context);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(build);
  BN_free(bn_n);
  BN_free(bn_e);
  if (pem.empty()) return absl::InvalidArgumentError("an RSA key could not be built");
  return pem;
}

}  // namespace

absl::StatusOr<std::unique_ptr<JwtVerifier>> JwtVerifier::FromJwks(std::string_view jwks,
                                                                   Options options) {
  const nlohmann::json document = nlohmann::json::parse(jwks, nullptr, false);
  if (document.is_discarded() || !document.is_object() || !document["keys"].is_array()) {
    return absl::InvalidArgumentError("not a JWKS: a JSON object with a \"keys\" list");
  }
  auto verifier = std::unique_ptr<JwtVerifier>(new JwtVerifier());
  verifier->options_ = std::move(options);
  for (const nlohmann::json& key : document["keys"]) {
    if (!key.is_object() || key.value("kty", "") != "RSA" || !key["n"].is_string() ||
        !key["e"].is_string()) {
      continue;  // Other key types are not used for verification here.
    }
    if (key.contains("use") && key.value("use", "") != "sig") continue;
    absl::StatusOr<std::string> pem = RsaPem(key["n"], key["e"]);
    if (!pem.ok()) return pem.status();
    verifier->pem_by_kid_[key.value("kid", "")] = *std::move(pem);
  }
  if (verifier->pem_by_kid_.empty()) {
    return absl::InvalidArgumentError("the JWKS holds no RSA signing key");
  }
  return verifier;
}

namespace {

// A JSON object's member as a string, "" when it is absent or not a string.
// nlohmann's value() throws on a member of another type, and the header is
// read before the signature is checked: anyone can send one.
std::string StringMember(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

absl::StatusOr<std::string> JwtVerifier::Verify(std::string_view token, absl::Time now) const {
  // The header says which key and algorithm; it is checked, not trusted:
  // the signature is verified with our key for that kid.
  const std::vector<std::string> parts = absl::StrSplit(Sv(token), '.');
  std::string header_json;
  if (parts.size() != 3 || !absl::WebSafeBase64Unescape(parts[0], &header_json)) {
    return Unauthenticated("not a JWT (header.payload.signature, base64url)");
  }
  const nlohmann::json header = nlohmann::json::parse(header_json, nullptr, false);
  if (header.is_discarded() || !header.is_object()) {
    return Unauthenticated("the JWT header is not JSON");
  }
  const std::string alg = StringMember(header, "alg");
  if (alg != "RS256" && alg != "RS384" && alg != "RS512") {
    return Unauthenticated(
        StrCat("alg '", EscapeForLog(alg), "' is not accepted (RS256, RS384, RS512)"));
  }
  std::string kid = StringMember(header, "kid");
  auto key = pem_by_kid_.find(kid);
  if (key == pem_by_kid_.end() && kid.empty() && pem_by_kid_.size() == 1) {
    key = pem_by_kid_.begin();
  }
  if (key == pem_by_kid_.end()) {
    return Unauthenticated(StrCat("no key '", EscapeForLog(kid), "' in the JWKS"));
  }
  jwt_t* jwt = nullptr;
  const std::string token_text(token);
  if (jwt_decode(&jwt, token_text.c_str(), reinterpret_cast<const unsigned char*>(
                                               key->second.data()),
                 static_cast<int>(key->second.size())) != 0 ||
      jwt == nullptr) {
    return Unauthenticated("the signature does not verify");
  }
  const jwt_alg_t verified_alg = jwt_get_alg(jwt);
  char* claims_text = jwt_get_grants_json(jwt, nullptr);
  jwt_free(jwt);
  if (verified_alg != jwt_str_alg(alg.c_str()) || claims_text == nullptr) {
    free(claims_text);
    return Unauthenticated("the signature does not verify");
  }
  const nlohmann::json claims = nlohmann::json::parse(claims_text, nullptr, false);
  free(claims_text);
  if (claims.is_discarded() || !claims.is_object()) {
    return Unauthenticated("the JWT claims are not JSON");
  }
  // A claim by name, null when absent: operator[] on a const json with a
  // missing key is undefined behaviour (it reads past the map's end).
  static const nlohmann::json kAbsent;
  auto claim = [&claims](const char* name) -> const nlohmann::json& {
    const auto it = claims.find(name);
    return it == claims.end() ? kAbsent : *it;
  };
  // Times compared as doubles: a claim may be any JSON number (a fraction,
  // or far beyond 64 bits), which neither converts nor adds safely as an
  // integer.
  const double seconds = static_cast<double>(absl::ToUnixSeconds(now));
  const double leeway = absl::ToDoubleSeconds(options_.leeway);
  if (!claim("exp").is_number()) return Unauthenticated("the JWT has no exp claim");
  if (claim("exp").get<double>() + leeway < seconds) {
    return Unauthenticated("the JWT has expired");
  }
  if (claim("nbf").is_number() && claim("nbf").get<double>() - leeway > seconds) {
    return Unauthenticated("the JWT is not valid yet (nbf)");
  }
  if (!options_.issuer.empty() && StringMember(claims, "iss") != options_.issuer) {
    return Unauthenticated(StrCat("the JWT's issuer is not '", options_.issuer, "'"));
  }
  if (!options_.audience.empty()) {
    const nlohmann::json& aud = claim("aud");
    bool found = aud.is_string() && aud.get<std::string>() == options_.audience;
    if (aud.is_array()) {
      for (const nlohmann::json& one : aud) found = found || one == options_.audience;
    }
    if (!found) {
      return Unauthenticated(StrCat("the JWT is not for audience '", options_.audience, "'"));
    }
  }
  if (!claim("sub").is_string() || claim("sub").get<std::string>().empty()) {
    return Unauthenticated("the JWT has no sub claim");
  }
  return claim("sub").get<std::string>();
}

}  // namespace remarkgraph::service
