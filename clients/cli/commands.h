// The subcommands of the remarkgraph tool.

#ifndef REMARKGRAPH_CLIENTS_CLI_COMMANDS_H_
#define REMARKGRAPH_CLIENTS_CLI_COMMANDS_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "clients/cli/args.h"
#include "clients/cli/session.h"

namespace remarkgraph::cli {

// A subcommand: its grammar and help, and what it does. `run` is called with
// arguments already checked against `spec` (flag names, value presence,
// positional count); it checks values itself, before sending anything, and
// returns a process exit code (kExitOk, kExitFailed or kExitUsage).
struct Command {
  CommandSpec spec;
  int (*run)(const ParsedArgs& args, Session& session);
};

// Every subcommand, in the order `remarkgraph --help` lists them.
const std::vector<Command>& AllCommands();

// The subcommand called `name`, or null.
const Command* FindCommand(absl::string_view name);

// One constructor per subcommand, defined next to its implementation.
Command GetCommand();       // commands_nodes.cc
Command LsCommand();        // commands_nodes.cc
Command DeleteCommand();    // commands_nodes.cc
Command EdgesCommand();     // commands_edges.cc
Command PathsCommand();     // commands_edges.cc
Command TraverseCommand();  // commands_traverse.cc
Command DossierCommand();   // commands_remarks.cc
Command SearchCommand();    // commands_remarks.cc
Command UpsertCommand();    // commands_upsert.cc
Command HealthCommand();    // commands_health.cc
Command ImportCommand();    // commands_import.cc
Command ExportCommand();    // commands_import.cc
Command BackupCommand();    // commands_backup.cc
Command WatchCommand();     // commands_watch.cc

}  // namespace remarkgraph::cli

#endif  // REMARKGRAPH_CLIENTS_CLI_COMMANDS_H_
