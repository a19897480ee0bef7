// The files authorisation is made of (the policy, the static tokens, the
// JWKS), loaded at start and re-read while the server runs, as TLS
// certificates are (service/tls.h): a rotated Kubernetes secret takes effect
// within the reload interval, without a restart.
//
// Every interval the files are read whole; when their contents differ from
// the last contents tried, all three are parsed again and, if every one is
// good, replace the rules in force at once (a call sees either the old set
// or the new one, never a mix). A file that is missing, unreadable or does
// not parse keeps the old rules in force: the refusal is logged at WARN once
// per new content and counted in the figures below. Thread-safe.
#ifndef REMARKGRAPH_SERVICE_AUTH_FILES_H_
#define REMARKGRAPH_SERVICE_AUTH_FILES_H_

#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "service/auth.h"
#include "service/jwt_verifier.h"
#include "storage/graph_store.h"

namespace remarkgraph::service {

struct AuthFileOptions {
  std::string policy_file;  // Required.
  std::string tokens_file;  // Optional: no static tokens when empty.
  std::string jwks_file;    // Optional: no JWTs when empty.
  JwtVerifier::Options jwt;
  // How often the files are read for changes; zero or infinite: never.
  absl::Duration reload_interval = absl::Seconds(10);
};

// One consistent set of rules, as loaded from one reading of the files.
struct AuthRules {
  AccessPolicy policy;
  std::optional<TokenTable> tokens;   // Empty without a tokens file.
  std::unique_ptr<JwtVerifier> jwt;   // Null without a JWKS file.
};

class AuthFiles {
 public:
  // Loads the files and starts re-reading them every reload interval.
  // The error of the first file that fails, naming it: FAILED_PRECONDITION
  // when it cannot be read, INVALID_ARGUMENT when it does not parse.
  static absl::StatusOr<std::unique_ptr<AuthFiles>> Open(AuthFileOptions options);

  // Stops re-reading.
  ~AuthFiles();

  // The rules in force; the caller may keep them for as long as it likes.
  std::shared_ptr<const AuthRules> Current() const;

  // Reads the files now and puts their rules in force if their contents
  // changed. OK when nothing changed or the new rules are in force; else the
  // error that kept the old rules. The watching thread calls this.
  absl::Status ReloadIfChanged();

  // For the metrics endpoint: reloads that put new rules in force, reloads
  // refused, and whether the rules in force are what the files hold now.
  std::vector<storage::EngineFigure> Figures() const;

 private:
  explicit AuthFiles(AuthFileOptions options);
  void Watch();

  const AuthFileOptions options_;

  mutable absl::Mutex mutex_;
  std::shared_ptr<const AuthRules> rules_ ABSL_GUARDED_BY(mutex_);
  // Fingerprint of the contents last tried, and of those in force.
  std::string tried_ ABSL_GUARDED_BY(mutex_);
  std::string in_force_ ABSL_GUARDED_BY(mutex_);
  int64_t reloads_ ABSL_GUARDED_BY(mutex_) = 0;
  int64_t failures_ ABSL_GUARDED_BY(mutex_) = 0;

  absl::Mutex stop_mutex_;
  bool stopping_ ABSL_GUARDED_BY(stop_mutex_) = false;
  std::thread watcher_;
};

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_AUTH_FILES_H_
