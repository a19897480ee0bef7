// remarkgraph: the command line client of the remarkgraph service.
//
//   remarkgraph [global flags] COMMAND [arguments and flags]
//
// Exit codes: 0 success, 1 a call failed, 2 a usage error (nothing sent).

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/cli/args.h"
#include "clients/cli/commands.h"
#include "clients/cli/session.h"

#ifndef REMARKGRAPH_VERSION
#define REMARKGRAPH_VERSION "unknown"
#endif

namespace remarkgraph::cli {
namespace {

std::string OverallHelp() {
  std::string out =
      "usage: remarkgraph [global flags] COMMAND [arguments] [flags]\n\n"
      "A command line client of the remarkgraph service: meetings, their\n"
      "decisions, the remarks made in them, people and documents.\n\n"
      "commands:\n";
  size_t width = 0;
  for (const Command& command : AllCommands()) {
    width = std::max(width, command.spec.name.size());
  }
  for (const Command& command : AllCommands()) {
    absl::StrAppend(&out, "  ", command.spec.name,
                    std::string(width - command.spec.name.size() + 2, ' '),
                    command.spec.summary, "\n");
  }
  std::vector<FlagSpec> flags = GlobalFlags();
  flags.push_back({"version", "", "print the version"});
  absl::StrAppend(&out, "\nglobal flags:\n", FlagHelp(flags),
                  "\nRun 'remarkgraph COMMAND --help' for a command's "
                  "arguments and flags.\n");
  return out;
}

// Columns of the terminal stdout writes to, or 0 when it is not one.
int TerminalWidth() {
  winsize size{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) {
    return size.ws_col;
  }
  return 0;
}

int OverallUsageError(absl::string_view message) {
  std::cerr << "remarkgraph: " << message << "\n"
            << "usage: remarkgraph [global flags] COMMAND [arguments] [flags]\n"
            << "Run 'remarkgraph --help' for the list of commands.\n";
  return kExitUsage;
}

// Global flags may come before the command; they are moved to the front of
// the command's own arguments (never after a `--`), where every command
// accepts them. Returns the index of the command word, or
// args.size() if there is none.
size_t FindCommandWord(const std::vector<std::string>& args) {
  size_t i = 0;
  while (i < args.size() && args[i].size() > 2 && args[i].starts_with("--")) {
    const std::string name =
        CanonicalFlagName(args[i].substr(2, args[i].find('=') - 2));
    bool takes_value = false;
    for (const FlagSpec& flag : GlobalFlags()) {
      if (flag.name == name) takes_value = !flag.value_name.empty();
    }
    const bool inline_value = args[i].find('=') != std::string::npos;
    i += (takes_value && !inline_value) ? 2 : 1;
  }
  return i;
}

int Main(const std::vector<std::string>& args) {
  const size_t at = FindCommandWord(args);
  const std::vector<std::string> leading(
      args.begin(), args.begin() + std::min(at, args.size()));
  for (const std::string& flag : leading) {
    if (flag == "--help") {
      std::cout << OverallHelp();
      return kExitOk;
    }
    if (flag == "--version") {
      std::cout << "remarkgraph " << REMARKGRAPH_VERSION << "\n";
      return kExitOk;
    }
  }
  if (at >= args.size()) return OverallUsageError("no command given");
  std::string name = args[at];
  std::vector<std::string> rest(args.begin() + at + 1, args.end());
  if (name == "help") {
    if (rest.empty()) {
      std::cout << OverallHelp();
      return kExitOk;
    }
    name = rest[0];
    rest = {"--help"};
  }
  const Command* command = FindCommand(name);
  if (command == nullptr) {
    return OverallUsageError(absl::StrCat("unknown command '", name, "'"));
  }
  rest.insert(rest.begin(), leading.begin(), leading.end());
  absl::StatusOr<ParsedArgs> parsed = ParseArgs(command->spec, rest);
  if (!parsed.ok()) {
    return ReportUsageError(command->spec, parsed.status().message(),
                            std::cerr);
  }
  if (parsed->Has("help")) {
    std::cout << HelpText(command->spec);
    return kExitOk;
  }
  absl::StatusOr<GlobalOptions> options =
      ReadGlobalOptions(*parsed, [](const char* name) { return std::getenv(name); });
  if (!options.ok()) {
    return ReportUsageError(command->spec, options.status().message(),
                            std::cerr);
  }
  options->line_width = TerminalWidth();
  Session session(command->spec, *std::move(options), std::cout, std::cerr);
  return command->run(*parsed, session);
}

}  // namespace
}  // namespace remarkgraph::cli

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  return remarkgraph::cli::Main(
      std::vector<std::string>(argv + 1, argv + argc));
}
