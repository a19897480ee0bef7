// remarkgraphd's command-line flags and their checks. Every flag is checked
// at start, before anything is opened: a value out of range (a negative
// depth, a message size that overflows) stops the server with a message
// naming the flag, instead of being used or silently wrapped.
#ifndef REMARKGRAPH_SERVICE_FLAGS_H_
#define REMARKGRAPH_SERVICE_FLAGS_H_

#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "service/server.h"

namespace remarkgraph::service {

// The server options the parsed flags describe. INVALID_ARGUMENT listing
// every bad flag (one per line, each named `--flag`) when any is out of
// range. Also applies --log_format and --log_level to the process log.
absl::StatusOr<ServerOptions> ServerOptionsFromFlags();

// The backup to restore (--restore_backup): nullopt to serve instead, 0
// for the latest. INVALID_ARGUMENT for a value that is not an id or
// 'latest', or without --backup_dir.
absl::StatusOr<std::optional<uint32_t>> RestoreBackupFromFlags();

// The shutdown grace period (--shutdown_grace); valid after
// ServerOptionsFromFlags succeeded.
absl::Duration ShutdownGraceFromFlags();

}  // namespace remarkgraph::service

#endif  // REMARKGRAPH_SERVICE_FLAGS_H_
