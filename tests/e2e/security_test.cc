// TLS, mutual TLS, certificate reload, and roles from client certificates,
// static tokens and JWTs, against the real server. Certificates and keys
// are made at test time with the openssl CLI (make_certs.sh).
#include <jwt.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "remarkgraph/v1/import_service.grpc.pb.h"
#include "remarkgraph/v1/watch_service.grpc.pb.h"
#include "service/auth.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/testing/capture_stderr.h"
#include "tests/testing/http.h"

namespace remarkgraph::e2e {
namespace {

using ::testing::HasSubstr;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class SecurityTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    certs_ = dir_.Sub("certs");
    const std::string command = std::string("'") + MAKE_CERTS_SH + "' '" + certs_ + "'";
    ASSERT_EQ(std::system(command.c_str()), 0) << "making test certificates failed";
    options_.tls.cert_file = Cert("server.pem");
    options_.tls.key_file = Cert("server.key");
    options_.tls.reload_interval = absl::Seconds(1);
  }

  std::string Cert(const std::string& name) const { return certs_ + "/" + name; }

  // A TLS channel trusting `root`, presenting the client certificate
  // `client` ("" for none). Each channel gets its own connection.
  std::shared_ptr<grpc::Channel> TlsChannel(const std::string& client,
                                            const std::string& root = "ca.pem") {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadFile(Cert(root));
    if (!client.empty()) {
      ssl.pem_private_key = ReadFile(Cert(client + ".key"));
      ssl.pem_cert_chain = ReadFile(Cert(client + ".pem"));
    }
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    return grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(server_->port()),
                                     grpc::SslCredentials(ssl), args);
  }

  grpc::Status GetNode(const std::shared_ptr<grpc::Channel>& channel,
                       const std::string& token = "") {
    auto context = Context();
    if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
    v1::GetNodeRequest request;
    request.set_name("people/nobody");
    v1::GetNodeResponse response;
    const grpc::Status status =
        v1::GraphService::NewStub(channel)->GetNode(context.get(), request, &response);
    // NOT_FOUND means the call got through to the handler.
    return status.error_code() == grpc::StatusCode::NOT_FOUND ? grpc::Status::OK : status;
  }

  grpc::Status Upsert(const std::shared_ptr<grpc::Channel>& channel,
                      const std::string& token = "") {
    auto context = Context();
    if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
    v1::UpsertNodesRequest request;
    *request.add_nodes() = MakeNode("bodies/tls-test", "TLS test body");
    v1::UpsertNodesResponse response;
    return v1::WriteService::NewStub(channel)->UpsertNodes(context.get(), request, &response);
  }

  grpc::Status Export(const std::shared_ptr<grpc::Channel>& channel) {
    auto context = Context();
    v1::ExportGraphRequest request;
    auto reader = v1::ImportService::NewStub(channel)->ExportGraph(context.get(), request);
    v1::ExportGraphResponse response;
    while (reader->Read(&response)) {
    }
    return reader->Finish();
  }

  // Opens a Watch from now and reads its first message (a heartbeat).
  grpc::Status WatchFirstMessage(const std::shared_ptr<grpc::Channel>& channel) {
    auto context = Context();
    auto reader = v1::WatchService::NewStub(channel)->Watch(context.get(), v1::WatchRequest());
    v1::WatchResponse response;
    if (!reader->Read(&response)) return reader->Finish();
    context->TryCancel();
    while (reader->Read(&response)) {
    }
    reader->Finish();  // CANCELLED, as asked
    return response.resume_sequence() > 0
               ? grpc::Status::OK
               : grpc::Status(grpc::StatusCode::INTERNAL, "no resume_sequence");
  }

  void WritePolicy(const std::string& json) {
    options_.policy_file = dir_.Sub("policy.json");
    std::ofstream(options_.policy_file) << json;
  }

  std::string certs_;
};

constexpr char kPolicy[] = R"({
  "reader": ["spiffe://remarkgraph.test/reader"],
  "writer": ["writer-svc", "importer"],
  "admin": ["spiffe://remarkgraph.test/admin"]
})";

TEST_F(SecurityTest, TlsHandshakeServesAndPlaintextIsRefused) {
  StartServer();
  EXPECT_TRUE(GetNode(TlsChannel("")).ok());
  // The fixture's plaintext channel cannot talk to a TLS port.
  EXPECT_EQ(GetNode(channel_).error_code(), grpc::StatusCode::UNAVAILABLE);
  // A client that does not trust the server's CA refuses the handshake.
  EXPECT_EQ(GetNode(TlsChannel("", "other-ca.pem")).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(SecurityTest, MutualTlsRequiresATrustedClientCertificate) {
  options_.tls.client_ca_file = Cert("ca.pem");
  StartServer();
  EXPECT_TRUE(GetNode(TlsChannel("reader")).ok());
  EXPECT_EQ(GetNode(TlsChannel("")).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(GetNode(TlsChannel("rogue")).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(SecurityTest, RolesFromClientCertificates) {
  options_.tls.client_ca_file = Cert("ca.pem");
  WritePolicy(kPolicy);
  StartServer();
  auto reader = TlsChannel("reader");
  auto writer = TlsChannel("writer");
  auto admin = TlsChannel("admin");
  EXPECT_TRUE(GetNode(reader).ok());
  EXPECT_TRUE(WatchFirstMessage(reader).ok());  // the change feed is a read
  testing::CaptureStderr capture(dir_.Sub("stderr"));
  const grpc::Status refused = Upsert(reader);
  const std::string log = capture.Text();
  capture.Restore();
  // No handler saw the call, yet the refusal is in the access log.
  EXPECT_THAT(log, HasSubstr("rpc failed method=/remarkgraph.v1.WriteService/UpsertNodes "
                             "code=PERMISSION_DENIED"));
  EXPECT_THAT(log, HasSubstr("error=\"'spiffe://remarkgraph.test/reader' (by certificate)"));
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // gRPC's auth step sends no google.rpc.Status details (docs/api.md says
  // why); should a gRPC release start to, the docs need changing.
  EXPECT_TRUE(refused.error_details().empty());
  EXPECT_THAT(refused.error_message(),
              HasSubstr("'spiffe://remarkgraph.test/reader' (by certificate) has the role "
                        "reader; /remarkgraph.v1.WriteService/UpsertNodes needs writer"));
  EXPECT_TRUE(Upsert(writer).ok());  // by CN
  EXPECT_TRUE(GetNode(writer).ok());  // writer includes reader
  EXPECT_EQ(Export(writer).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Export(admin).ok());
  EXPECT_TRUE(Upsert(admin).ok());
}

TEST_F(SecurityTest, HealthNeedsNoRoleButReadsNeedAnIdentity) {
  WritePolicy(kPolicy);
  StartServer();
  auto anonymous = TlsChannel("");
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  EXPECT_TRUE(grpc::health::v1::Health::NewStub(anonymous)
                  ->Check(Context().get(), request, &response)
                  .ok());
  const grpc::Status refused = GetNode(anonymous);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(refused.error_message(), HasSubstr("needs the reader role"));
  const grpc::Status watch = WatchFirstMessage(anonymous);
  EXPECT_EQ(watch.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(watch.error_message(), HasSubstr("needs the reader role"));
}

TEST_F(SecurityTest, StaticTokensByTheirHash) {
  WritePolicy(kPolicy);
  options_.tokens_file = dir_.Sub("tokens");
  std::ofstream(options_.tokens_file) << "# sha-256 identity\n"
                                      << service::Sha256Hex("s3cret-importer") << " importer\n";
  StartServer();
  auto channel = TlsChannel("");
  EXPECT_TRUE(Upsert(channel, "s3cret-importer").ok());
  const grpc::Status wrong = Upsert(channel, "guess");
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(wrong.error_message(), HasSubstr("not known"));
}

// A JWT signed with `key_file`, for `subject`, expiring `expires_in` from now.
std::string SignJwt(const std::string& key_file, const std::string& subject,
                    absl::Duration expires_in, const std::string& kid = "k1") {
  const std::string key = ReadFile(key_file);
  jwt_t* jwt = nullptr;
  jwt_new(&jwt);
  jwt_add_grant(jwt, "sub", subject.c_str());
  jwt_add_grant_int(jwt, "exp", absl::ToUnixSeconds(absl::Now() + expires_in));
  jwt_add_header(jwt, "kid", kid.c_str());
  jwt_set_alg(jwt, JWT_ALG_RS256, reinterpret_cast<const unsigned char*>(key.data()),
              static_cast<int>(key.size()));
  char* token = jwt_encode_str(jwt);
  std::string result = token ? token : "";
  free(token);
  jwt_free(jwt);
  return result;
}

// A JWKS holding the public key of `key_name` (jwt, jwt-other: made by
// make_certs.sh, with its modulus in hex) under `kid`.
std::string Jwks(const std::string& certs, const std::string& key_name, const std::string& kid) {
  std::string modulus = ReadFile(certs + "/" + key_name + ".modulus");
  while (!modulus.empty() && std::isspace(static_cast<unsigned char>(modulus.back()))) {
    modulus.pop_back();
  }
  EXPECT_EQ(modulus.size(), 512u) << modulus;
  return R"({"keys": [{"kty": "RSA", "kid": ")" + kid +
         R"(", "use": "sig", "alg": "RS256", "e": "AQAB", "n": ")" +
         absl::WebSafeBase64Escape(absl::HexStringToBytes(modulus)) + R"("}]})";
}

TEST_F(SecurityTest, JwtsVerifiedAgainstTheJwks) {
  WritePolicy(kPolicy);
  options_.jwks_file = dir_.Sub("jwks.json");
  std::ofstream(options_.jwks_file) << Jwks(certs_, "jwt", "k1");
  StartServer();
  auto channel = TlsChannel("");
  EXPECT_TRUE(Upsert(channel, SignJwt(Cert("jwt.key"), "importer", absl::Minutes(5))).ok());
  const grpc::Status expired =
      Upsert(channel, SignJwt(Cert("jwt.key"), "importer", absl::Minutes(-10)));
  EXPECT_EQ(expired.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(expired.error_message(), HasSubstr("expired"));
  const grpc::Status forged =
      Upsert(channel, SignJwt(Cert("jwt-other.key"), "importer", absl::Minutes(5)));
  EXPECT_EQ(forged.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(forged.error_message(), HasSubstr("signature"));
  const grpc::Status reader_only =
      Upsert(channel, SignJwt(Cert("jwt.key"), "someone-else", absl::Minutes(5)));
  EXPECT_EQ(reader_only.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // Hostile headers, read before any signature is checked: members of the
  // wrong type are refused, not thrown on.
  for (const char* header : {R"({"alg":5,"kid":"k1"})", R"({"alg":"RS256","kid":["k1"]})",
                             R"({"alg":null})", R"([1,2])"}) {
    const std::string token = absl::StrCat(absl::WebSafeBase64Escape(header), ".",
                                           absl::WebSafeBase64Escape("{}"), ".c2ln");
    EXPECT_EQ(Upsert(channel, token).error_code(), grpc::StatusCode::UNAUTHENTICATED) << header;
  }
  EXPECT_TRUE(Upsert(channel, SignJwt(Cert("jwt.key"), "importer", absl::Minutes(5))).ok())
      << "the server still serves";
}

TEST_F(SecurityTest, ARotatedCertificateIsServedWithoutARestart) {
  StartServer();
  EXPECT_TRUE(GetNode(TlsChannel("")).ok());
  // Rotate: the files now hold a certificate from the other CA.
  std::filesystem::copy_file(Cert("server2.pem"), Cert("server.pem"),
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(Cert("server2.key"), Cert("server.key"),
                             std::filesystem::copy_options::overwrite_existing);
  bool rotated = false;
  for (int i = 0; i < 50 && !rotated; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    rotated = GetNode(TlsChannel("", "other-ca.pem")).ok();
  }
  EXPECT_TRUE(rotated) << "new handshakes should present the new certificate";
  EXPECT_EQ(GetNode(TlsChannel("")).error_code(), grpc::StatusCode::UNAVAILABLE);
}

// Replaces `path` whole and at once, as a rotated Kubernetes secret
// appears (the kubelet swaps a symlink): a reader never sees half a file.
void ReplaceFile(const std::string& path, const std::string& text) {
  const std::string staging = path + ".next";
  std::ofstream(staging) << text;
  std::filesystem::rename(staging, path);
}

// Polls `condition` for up to 10 s (the server re-reads every second).
template <typename Condition>
bool Eventually(Condition condition) {
  for (int i = 0; i < 100; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

// The value of the unlabelled series `name` in a metrics scrape, or -1.
double Figure(int metrics_port, const std::string& name) {
  const std::optional<std::string> text = testing::HttpGet(metrics_port, "/metrics");
  if (!text) return -1;
  const size_t at = text->find("\n" + name + " ");
  if (at == std::string::npos) return -1;
  return std::strtod(text->c_str() + at + name.size() + 2, nullptr);
}

TEST_F(SecurityTest, PolicyAndTokensAreReloadedWithoutARestart) {
  WritePolicy(kPolicy);
  options_.tokens_file = dir_.Sub("tokens");
  ReplaceFile(options_.tokens_file, service::Sha256Hex("first-token") + " importer\n");
  options_.metrics_listen = "127.0.0.1:0";
  StartServer();  // Files re-read every second (SetUp).
  auto channel = TlsChannel("");
  ASSERT_TRUE(Upsert(channel, "first-token").ok());

  // The token is rotated: the new one is accepted, the old one refused.
  ReplaceFile(options_.tokens_file, service::Sha256Hex("second-token") + " importer\n");
  EXPECT_TRUE(Eventually([&] { return Upsert(channel, "second-token").ok(); }))
      << "the new token should be accepted within the reload interval";
  const grpc::Status removed = Upsert(channel, "first-token");
  EXPECT_EQ(removed.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(removed.error_message(), HasSubstr("not known"));

  // The policy changes: the importer may only read now.
  ReplaceFile(options_.policy_file, R"({"reader": ["importer"]})");
  EXPECT_TRUE(Eventually([&] {
    return Upsert(channel, "second-token").error_code() == grpc::StatusCode::PERMISSION_DENIED;
  }));
  EXPECT_TRUE(GetNode(channel, "second-token").ok());
  EXPECT_EQ(Figure(server_->metrics_port(), "remarkgraph_auth_reloads_total"), 2);
  EXPECT_EQ(Figure(server_->metrics_port(), "remarkgraph_auth_files_in_force"), 1);

  // A broken policy is refused: the rules in force stay, the failure is
  // logged and counted.
  testing::CaptureStderr capture(dir_.Sub("stderr"));
  ReplaceFile(options_.policy_file, R"({"reader": ["importer"], "writer": )");
  EXPECT_TRUE(Eventually([&] {
    return Figure(server_->metrics_port(), "remarkgraph_auth_reload_failures_total") == 1;
  }));
  const std::string log = capture.Text();
  capture.Restore();
  EXPECT_THAT(log, HasSubstr("authorisation files not reloaded, the rules loaded before stay in "
                             "force: policy file '" + options_.policy_file + "'"));
  EXPECT_EQ(Figure(server_->metrics_port(), "remarkgraph_auth_files_in_force"), 0);
  EXPECT_TRUE(GetNode(channel, "second-token").ok());
  EXPECT_EQ(Upsert(channel, "second-token").error_code(), grpc::StatusCode::PERMISSION_DENIED);

  // A vanished tokens file (a secret mid-swap) is refused the same way.
  std::filesystem::remove(options_.tokens_file);
  EXPECT_TRUE(Eventually([&] {
    return Figure(server_->metrics_port(), "remarkgraph_auth_reload_failures_total") == 2;
  }));
  EXPECT_TRUE(GetNode(channel, "second-token").ok());

  // Good files again: in force at the next reading.
  ReplaceFile(options_.tokens_file, service::Sha256Hex("second-token") + " importer\n");
  ReplaceFile(options_.policy_file, kPolicy);
  EXPECT_TRUE(Eventually([&] { return Upsert(channel, "second-token").ok(); }));
  EXPECT_EQ(Figure(server_->metrics_port(), "remarkgraph_auth_files_in_force"), 1);
}

TEST_F(SecurityTest, ARotatedJwksSigningKeyIsTrustedWithoutARestart) {
  WritePolicy(kPolicy);
  options_.jwks_file = dir_.Sub("jwks.json");
  ReplaceFile(options_.jwks_file, Jwks(certs_, "jwt", "k1"));
  StartServer();
  auto channel = TlsChannel("");
  const std::string old_key = SignJwt(Cert("jwt.key"), "importer", absl::Minutes(5), "k1");
  const std::string new_key = SignJwt(Cert("jwt-other.key"), "importer", absl::Minutes(5), "k2");
  EXPECT_TRUE(Upsert(channel, old_key).ok());
  EXPECT_EQ(Upsert(channel, new_key).error_code(), grpc::StatusCode::UNAUTHENTICATED);

  // The identity provider rotates its signing key.
  ReplaceFile(options_.jwks_file, Jwks(certs_, "jwt-other", "k2"));
  EXPECT_TRUE(Eventually([&] { return Upsert(channel, new_key).ok(); }));
  const grpc::Status retired = Upsert(channel, old_key);
  EXPECT_EQ(retired.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(retired.error_message(), HasSubstr("no key 'k1' in the JWKS"));
}

TEST_F(SecurityTest, BadSecurityOptionsAreRefusedAtStart) {
  options_.tls.key_file.clear();
  auto half = service::Server::Start(options_);
  ASSERT_FALSE(half.ok());
  EXPECT_THAT(std::string(half.status().message()), HasSubstr("--tls_cert and --tls_key"));

  options_.tls.key_file = Cert("missing.key");
  auto missing = service::Server::Start(options_);
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("missing.key"));

  options_.tls = {};
  WritePolicy(kPolicy);
  auto plaintext_policy = service::Server::Start(options_);
  ASSERT_FALSE(plaintext_policy.ok());
  EXPECT_THAT(std::string(plaintext_policy.status().message()), HasSubstr("--policy_file"));

  options_.tls.cert_file = Cert("server.pem");
  options_.tls.key_file = Cert("server.key");
  WritePolicy(R"({"superuser": ["x"]})");
  auto bad_role = service::Server::Start(options_);
  ASSERT_FALSE(bad_role.ok());
  EXPECT_THAT(std::string(bad_role.status().message()), HasSubstr("'superuser' is not a role"));
}

}  // namespace
}  // namespace remarkgraph::e2e

namespace remarkgraph::e2e {
namespace {

class PlaintextWarningTest : public ServerTest {};

TEST_F(PlaintextWarningTest, ListeningBeyondLoopbackWithoutTlsWarns) {
  options_.listen_address = "0.0.0.0:0";
  testing::CaptureStderr capture(dir_.Sub("stderr"));
  StartServer();
  const std::string log = capture.Text();
  capture.Restore();
  EXPECT_THAT(log, HasSubstr("WARN remarkgraphd listens on 0.0.0.0:0 beyond loopback without TLS"));
}

TEST_F(PlaintextWarningTest, LoopbackPlaintextIsQuiet) {
  testing::CaptureStderr capture(dir_.Sub("stderr"));
  StartServer();
  const std::string log = capture.Text();
  capture.Restore();
  EXPECT_THAT(log, ::testing::Not(HasSubstr("without TLS")));
}

}  // namespace
}  // namespace remarkgraph::e2e
