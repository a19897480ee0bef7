// Command-line parsing for the remarkgraph tool: a small, declarative parser
// for subcommands with long flags and positional arguments.
//
// Each subcommand declares a CommandSpec. ParseArgs() accepts
// `--flag value`, `--flag=value`, boolean `--flag`, and `--` to end the flags;
// flags and positionals may be mixed in any order; `_` in a flag name reads
// as `-` (--tls_ca is --tls-ca), as in remarkgraphd's flags. The global
// flags (--server, --json, --timeout, the TLS and token flags, --help) are
// accepted by every subcommand.

#ifndef REMARKGRAPH_CLIENTS_CLI_ARGS_H_
#define REMARKGRAPH_CLIENTS_CLI_ARGS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace remarkgraph::cli {

// One flag a subcommand accepts.
struct FlagSpec {
  // Long name without the dashes ("page-size").
  std::string name;
  // Placeholder for the value in help ("N"); empty for a boolean flag.
  std::string value_name;
  // One line of help.
  std::string help;
  // Whether the flag may be given more than once.
  bool repeated = false;
};

// The grammar and help of one subcommand.
struct CommandSpec {
  // The subcommand ("ls").
  std::string name;
  // Positional part of the synopsis ("KIND", "NAME...").
  std::string positional_synopsis;
  // One line for the command list.
  std::string summary;
  // Paragraphs shown by --help after the synopsis; may be empty.
  std::string description;
  // Bounds on the number of positional arguments; max -1 means unbounded.
  int min_positionals = 0;
  int max_positionals = 0;
  // The subcommand's own flags (the global flags are added by the parser).
  std::vector<FlagSpec> flags;
};

// The result of parsing one subcommand's arguments.
class ParsedArgs {
 public:
  // True if the (boolean or valued) flag was given at least once.
  bool Has(absl::string_view name) const;
  // The last value of a flag, or `fallback` when absent.
  std::string Get(absl::string_view name,
                  absl::string_view fallback = "") const;
  // Every value of a flag, in command-line order.
  std::vector<std::string> GetAll(absl::string_view name) const;
  // The flags as given, in command-line order: (name, value) with an empty
  // value for boolean flags. Used where a flag qualifies the one before it.
  const std::vector<std::pair<std::string, std::string>>& ordered_flags()
      const {
    return flags_;
  }
  const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  friend absl::StatusOr<ParsedArgs> ParseArgs(const CommandSpec& spec,
                                              const std::vector<std::string>&);
  std::vector<std::pair<std::string, std::string>> flags_;
  std::vector<std::string> positionals_;
};

// `name` with every `_` made `-`: the name ParsedArgs knows the flag by.
std::string CanonicalFlagName(absl::string_view name);

// The flags every subcommand accepts.
const std::vector<FlagSpec>& GlobalFlags();

// Parses `args` (the words after the subcommand name) against `spec` plus
// the global flags. Returns INVALID_ARGUMENT with a one-line message for an
// unknown flag, a missing value, a repeated non-repeatable flag, or a wrong
// number of positionals. When --help is present the positional count is not
// checked, so that `cmd --help` always works.
absl::StatusOr<ParsedArgs> ParseArgs(const CommandSpec& spec,
                                     const std::vector<std::string>& args);

// "usage: remarkgraph NAME POSITIONALS [flags]".
std::string Synopsis(const CommandSpec& spec);

// Help lines for `flags`, one per flag, names aligned.
std::string FlagHelp(const std::vector<FlagSpec>& flags);

// The full --help text of a subcommand: synopsis, description, flags.
std::string HelpText(const CommandSpec& spec);

// Parses a flag value as an integer in [min, max]; the error names the flag.
absl::StatusOr<int> ParseIntFlag(absl::string_view flag,
                                 absl::string_view value, int min, int max);

}  // namespace remarkgraph::cli

#endif  // REMARKGRAPH_CLIENTS_CLI_ARGS_H_
