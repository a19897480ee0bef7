#include "service/auth_files.h"

#include <utility>

#include "common/log.h"
#include "common/strings.h"

namespace remarkgraph::service {
namespace {

// The contents of the three files at one reading.
struct Contents {
  std::string policy;
  std::string tokens;
  std::string jwks;

  // Changes whenever any file's contents change.
  std::string Fingerprint() const {
    return StrCat(Sha256Hex(policy), Sha256Hex(tokens), Sha256Hex(jwks));
  }
};

// `status` with its message prefixed by `what` and `path`.
absl::Status InFile(std::string_view what, const std::string& path, const absl::Status& status) {
  return absl::Status(status.code(), StrCat(what, " '", path, "': ", status.message()));
}

absl::StatusOr<Contents> ReadContents(const AuthFileOptions& options) {
  Contents contents;
  absl::StatusOr<std::string> policy = ReadWholeFile(options.policy_file);
  if (!policy.ok()) return policy.status();
  contents.policy = *std::move(policy);
  if (!options.tokens_file.empty()) {
    absl::StatusOr<std::string> tokens = ReadWholeFile(options.tokens_file);
    if (!tokens.ok()) return tokens.status();
    contents.tokens = *std::move(tokens);
  }
  if (!options.jwks_file.empty()) {
    absl::StatusOr<std::string> jwks = ReadWholeFile(options.jwks_file);
    if (!jwks.ok()) return jwks.status();
    contents.jwks = *std::move(jwks);
  }
  return contents;
}

absl::StatusOr<std::shared_ptr<const AuthRules>> ParseContents(const AuthFileOptions& options,
                                                               const Contents& contents) {
  auto rules = std::make_shared<AuthRules>();
  absl::StatusOr<AccessPolicy> policy = AccessPolicy::Parse(contents.policy);
  if (!policy.ok()) return InFile("policy file", options.policy_file, policy.status());
  rules->policy = *std::move(policy);
  if (!options.tokens_file.empty()) {
    absl::StatusOr<TokenTable> tokens = TokenTable::Parse(contents.tokens);
    if (!tokens.ok()) return InFile("tokens file", options.tokens_file, tokens.status());
    rules->tokens = *std::move(tokens);
  }
  if (!options.jwks_file.empty()) {
    absl::StatusOr<std::unique_ptr<JwtVerifier>> jwt =
        JwtVerifier::FromJwks(contents.jwks, options.jwt);
    if (!jwt.ok()) return InFile("JWKS file", options.jwks_file, jwt.status());
    rules->jwt = *std::move(jwt);
  }
  return rules;
}

}  // namespace

AuthFiles::AuthFiles(AuthFileOptions options) : options_(std::move(options)) {}

absl::StatusOr<std::unique_ptr<AuthFiles>> AuthFiles::Open(AuthFileOptions options) {
  absl::StatusOr<Contents> contents = ReadContents(options);
  if (!contents.ok()) return contents.status();
  absl::StatusOr<std::shared_ptr<const AuthRules>> rules = ParseContents(options, *contents);
  if (!rules.ok()) return rules.status();
  auto files = std::unique_ptr<AuthFiles>(new AuthFiles(std::move(options)));
  {
    absl::MutexLock lock(&files->mutex_);
    files->rules_ = *std::move(rules);
    files->tried_ = files->in_force_ = contents->Fingerprint();
  }
  const absl::Duration interval = files->options_.reload_interval;
  if (interval > absl::ZeroDuration() && interval != absl::InfiniteDuration()) {
    files->watcher_ = std::thread([raw = files.get()] { raw->Watch(); });
  }
  return files;
}

AuthFiles::~AuthFiles() {
  {
    absl::MutexLock lock(&stop_mutex_);
    stopping_ = true;
  }
  if (watcher_.joinable()) watcher_.join();
}

std::shared_ptr<const AuthRules> AuthFiles::Current() const {
  absl::ReaderMutexLock lock(&mutex_);
  return rules_;
}

void AuthFiles::Watch() {
  while (true) {
    {
      absl::MutexLock lock(&stop_mutex_);
      if (stop_mutex_.AwaitWithTimeout(absl::Condition(&stopping_), options_.reload_interval)) {
        return;
      }
    }
    ReloadIfChanged().IgnoreError();  // Logged and counted there.
  }
}

absl::Status AuthFiles::ReloadIfChanged() {
  absl::StatusOr<Contents> contents = ReadContents(options_);
  // An unreadable file (a secret being swapped, a wrong mount) counts as a
  // content of its own, so that it is reported once, not every interval.
  const std::string fingerprint =
      contents.ok() ? contents->Fingerprint() : StrCat("unreadable:", contents.status().message());
  {
    absl::MutexLock lock(&mutex_);
    if (fingerprint == tried_) return absl::OkStatus();
    tried_ = fingerprint;
  }
  absl::StatusOr<std::shared_ptr<const AuthRules>> rules =
      contents.ok() ? ParseContents(options_, *contents)
                    : absl::StatusOr<std::shared_ptr<const AuthRules>>(contents.status());
  if (!rules.ok()) {
    {
      absl::MutexLock lock(&mutex_);
      ++failures_;
    }
    Log(LogSeverity::kWarning,
        StrCat("authorisation files not reloaded, the rules loaded before stay in force: ",
               rules.status().message()));
    return rules.status();
  }
  {
    absl::MutexLock lock(&mutex_);
    rules_ = *std::move(rules);
    in_force_ = fingerprint;
    ++reloads_;
  }
  Log(LogSeverity::kInfo,
      StrCat("authorisation files reloaded: policy ", options_.policy_file,
             options_.tokens_file.empty() ? "" : StrCat(", tokens ", options_.tokens_file),
             options_.jwks_file.empty() ? "" : StrCat(", JWKS ", options_.jwks_file)));
  return absl::OkStatus();
}

std::vector<storage::EngineFigure> AuthFiles::Figures() const {
  absl::ReaderMutexLock lock(&mutex_);
  return {
      {.name = "auth_reloads",
       .help = "Times changed policy, tokens or JWKS files were put in force without a restart.",
       .counter = true,
       .value = static_cast<double>(reloads_)},
      {.name = "auth_reload_failures",
       .help = "Times changed policy, tokens or JWKS files were refused (unreadable or invalid); "
               "the rules loaded before stayed in force.",
       .counter = true,
       .value = static_cast<double>(failures_)},
      {.name = "auth_files_in_force",
       .help = "1 when the rules in force are what the policy, tokens and JWKS files hold now; "
               "0 while changed files are refused.",
       .value = tried_ == in_force_ ? 1.0 : 0.0},
  };
}

}  // namespace remarkgraph::service
