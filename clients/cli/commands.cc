#include "clients/cli/commands.h"

#include <vector>

namespace remarkgraph::cli {

const std::vector<Command>& AllCommands() {
  static const auto* const kCommands = new std::vector<Command>{
      GetCommand(),    LsCommand(),      EdgesCommand(),  TraverseCommand(),
      PathsCommand(),  DossierCommand(), SearchCommand(), UpsertCommand(),
      DeleteCommand(), ImportCommand(),  ExportCommand(), WatchCommand(),
      BackupCommand(), HealthCommand(),
  };
  return *kCommands;
}

const Command* FindCommand(absl::string_view name) {
  for (const Command& command : AllCommands()) {
    if (command.spec.name == name) return &command;
  }
  return nullptr;
}

}  // namespace remarkgraph::cli
