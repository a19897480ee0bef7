#include "clients/cli/connection.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace remarkgraph::cli {
namespace {

using ::testing::HasSubstr;

constexpr char kPem[] = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";

class ConnectionOptionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::create_directories(dir_);
    Write("ca.pem", kPem);
    Write("client.pem", kPem);
    Write("client.key", "-----BEGIN PRIVATE KEY-----\nBBBB\n-----END PRIVATE KEY-----\n");
    Write("token", "  s3cret\n");
    Write("not-pem", "hello");
  }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  absl::StatusOr<ConnectionOptions> Read(const std::vector<std::string>& words) {
    const CommandSpec spec = {.name = "health", .max_positionals = 0};
    absl::StatusOr<ParsedArgs> args = ParseArgs(spec, words);
    if (!args.ok()) return args.status();
    return ReadConnectionOptions(*args, [this](const char* name) -> const char* {
      auto it = environment_.find(name);
      return it == environment_.end() ? nullptr : it->second.c_str();
    });
  }

  // The message of a refused command line; fails the test if it was not.
  std::string Refusal(const std::vector<std::string>& words) {
    absl::StatusOr<ConnectionOptions> options = Read(words);
    EXPECT_FALSE(options.ok());
    EXPECT_EQ(options.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(options.status().message());
  }

  std::filesystem::path dir_;
  std::map<std::string, std::string> environment_;
};

TEST_F(ConnectionOptionsTest, PlaintextByDefault) {
  absl::StatusOr<ConnectionOptions> options = Read({});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->server, kDefaultServer);
  EXPECT_FALSE(options->tls());
  EXPECT_TRUE(options->token.empty());
}

TEST_F(ConnectionOptionsTest, ReadsTlsFilesAndTokenFromFlags) {
  absl::StatusOr<ConnectionOptions> options =
      Read({"--server=db:1", "--tls-ca", Path("ca.pem"), "--tls_cert", Path("client.pem"),
            "--tls-key", Path("client.key"), "--tls-server-name=db.example",
            "--token-file", Path("token")});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->server, "db:1");
  EXPECT_TRUE(options->tls());
  EXPECT_EQ(options->tls_root_certs, kPem);
  EXPECT_EQ(options->tls_cert_chain, kPem);
  EXPECT_THAT(options->tls_private_key, HasSubstr("PRIVATE KEY"));
  EXPECT_EQ(options->tls_server_name, "db.example");
  EXPECT_EQ(options->token, "s3cret");  // surrounding white space dropped
}

TEST_F(ConnectionOptionsTest, VariablesStandInForAbsentFlags) {
  environment_ = {{kServerEnvVar, "env:2"},
                  {kTlsCaEnvVar, Path("ca.pem")},
                  {kTokenEnvVar, "from-env"}};
  absl::StatusOr<ConnectionOptions> options = Read({});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->server, "env:2");
  EXPECT_TRUE(options->tls());
  EXPECT_EQ(options->token, "from-env");

  // A flag wins over its variable, and over the variable of the other
  // token source.
  options = Read({"--server=flag:3", "--token-file", Path("token")});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->server, "flag:3");
  EXPECT_EQ(options->token, "s3cret");
}

TEST_F(ConnectionOptionsTest, RefusesWhatCannotWork) {
  const std::string ca = Path("ca.pem");
  EXPECT_THAT(Refusal({"--server="}), HasSubstr("--server wants HOST:PORT"));
  EXPECT_THAT(Refusal({"--tls-ca", Path("missing.pem")}),
              HasSubstr("--tls-ca: cannot read"));
  EXPECT_THAT(Refusal({"--tls-ca", Path("not-pem")}), HasSubstr("holds no PEM block"));
  EXPECT_THAT(Refusal({"--tls-ca", ca, "--tls-cert", Path("client.pem")}),
              HasSubstr("--tls-cert and --tls-key go together"));
  EXPECT_THAT(Refusal({"--tls-cert", Path("client.pem"), "--tls-key", Path("client.key")}),
              HasSubstr("--tls-cert needs --tls-ca"));
  EXPECT_THAT(Refusal({"--tls-server-name=x"}), HasSubstr("--tls-server-name needs --tls-ca"));
  // A token never goes out in clear text.
  EXPECT_THAT(Refusal({"--token=t"}), HasSubstr("--token needs --tls-ca"));
  EXPECT_THAT(Refusal({"--tls-ca", ca, "--token=t", "--token-file", Path("token")}),
              HasSubstr("not both"));
  EXPECT_THAT(Refusal({"--tls-ca", ca, "--token-file", Write("empty", "\n")}),
              HasSubstr("--token-file: the token is empty"));
  EXPECT_THAT(Refusal({"--tls-ca", ca, "--token=two words"}), HasSubstr("one word"));
  environment_ = {{kTokenEnvVar, "t"}};
  EXPECT_THAT(Refusal({}), HasSubstr("$REMARKGRAPH_TOKEN needs --tls-ca"));
}

}  // namespace
}  // namespace remarkgraph::cli
