#include "clients/cli/args.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace remarkgraph::cli {
namespace {

const FlagSpec* FindFlag(const CommandSpec& spec, absl::string_view name) {
  for (const FlagSpec& flag : spec.flags) {
    if (flag.name == name) return &flag;
  }
  for (const FlagSpec& flag : GlobalFlags()) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

}  // namespace

std::string CanonicalFlagName(absl::string_view name) {
  std::string canonical(name);
  std::replace(canonical.begin(), canonical.end(), '_', '-');
  return canonical;
}

std::string FlagHelp(const std::vector<FlagSpec>& flags) {
  std::string out;
  std::vector<std::string> heads;
  size_t width = 0;
  for (const FlagSpec& flag : flags) {
    std::string head = absl::StrCat("--", flag.name);
    if (!flag.value_name.empty()) absl::StrAppend(&head, " ", flag.value_name);
    width = std::max(width, head.size());
    heads.push_back(std::move(head));
  }
  for (size_t i = 0; i < flags.size(); ++i) {
    absl::StrAppend(
        &out, "  ", heads[i], std::string(width - heads[i].size() + 2, ' '),
        flags[i].help, flags[i].repeated ? " (repeatable)" : "", "\n");
  }
  return out;
}

bool ParsedArgs::Has(absl::string_view name) const {
  return std::any_of(flags_.begin(), flags_.end(),
                     [&](const auto& flag) { return flag.first == name; });
}

std::string ParsedArgs::Get(absl::string_view name,
                            absl::string_view fallback) const {
  for (auto it = flags_.rbegin(); it != flags_.rend(); ++it) {
    if (it->first == name) return it->second;
  }
  return std::string(fallback);
}

std::vector<std::string> ParsedArgs::GetAll(absl::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [flag, value] : flags_) {
    if (flag == name) values.push_back(value);
  }
  return values;
}

const std::vector<FlagSpec>& GlobalFlags() {
  static const auto* const kFlags = new std::vector<FlagSpec>{
      {"server", "HOST:PORT",
       "server address (default: $REMARKGRAPH_SERVER, else localhost:50051)"},
      {"json", "", "machine output: one JSON object per line"},
      {"timeout", "SECONDS", "deadline of each call (default 10)"},
      {"tls-ca", "FILE",
       "speak TLS, trusting this PEM CA for the server's certificate "
       "($REMARKGRAPH_TLS_CA)"},
      {"tls-cert", "FILE",
       "client certificate (PEM) for mutual TLS, with --tls-key "
       "($REMARKGRAPH_TLS_CERT)"},
      {"tls-key", "FILE", "private key of --tls-cert ($REMARKGRAPH_TLS_KEY)"},
      {"tls-server-name", "NAME",
       "name to check the server's certificate against, when not the "
       "host of --server ($REMARKGRAPH_TLS_SERVER_NAME)"},
      {"token", "TOKEN",
       "bearer token sent with every call, over TLS only "
       "($REMARKGRAPH_TOKEN)"},
      {"token-file", "FILE",
       "read the bearer token from FILE ($REMARKGRAPH_TOKEN_FILE)"},
      {"help", "", "show this help"},
  };
  return *kFlags;
}

absl::StatusOr<ParsedArgs> ParseArgs(const CommandSpec& spec,
                                     const std::vector<std::string>& args) {
  ParsedArgs parsed;
  bool flags_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (flags_ended || arg.size() < 2 || arg.compare(0, 2, "--") != 0) {
      // Short flags do not exist; a word that starts with '-' is far more
      // likely a mistyped flag than a name. `--` lets one through.
      if (!flags_ended && arg.size() > 1 && arg[0] == '-') {
        return absl::InvalidArgumentError(absl::StrCat(
            "unknown flag ", arg,
            " (flags are --long-names; put -- before an argument that "
            "starts with '-')"));
      }
      parsed.positionals_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_ended = true;
      continue;
    }
    std::string name = arg.substr(2);
    std::string value;
    bool has_inline_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
      has_inline_value = true;
    }
    name = CanonicalFlagName(name);
    const FlagSpec* flag = FindFlag(spec, name);
    if (flag == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag --", name, " for '", spec.name, "'"));
    }
    if (flag->value_name.empty()) {
      if (has_inline_value) {
        return absl::InvalidArgumentError(
            absl::StrCat("flag --", name, " takes no value"));
      }
    } else if (!has_inline_value) {
      if (i + 1 >= args.size()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "flag --", name, " needs a value (", flag->value_name, ")"));
      }
      value = args[++i];
    }
    if (!flag->repeated && parsed.Has(name)) {
      return absl::InvalidArgumentError(
          absl::StrCat("flag --", name, " given more than once"));
    }
    parsed.flags_.emplace_back(std::move(name), std::move(value));
  }
  if (parsed.Has("help")) return parsed;
  const int count = static_cast<int>(parsed.positionals_.size());
  if (count < spec.min_positionals) {
    return absl::InvalidArgumentError(
        spec.positional_synopsis.empty()
            ? "missing arguments"
            : absl::StrCat("missing ", spec.positional_synopsis));
  }
  if (spec.max_positionals >= 0 && count > spec.max_positionals) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected argument '",
                     parsed.positionals_[spec.max_positionals], "'"));
  }
  return parsed;
}

std::string Synopsis(const CommandSpec& spec) {
  std::string out = absl::StrCat("usage: remarkgraph ", spec.name);
  if (!spec.positional_synopsis.empty()) {
    absl::StrAppend(&out, " ", spec.positional_synopsis);
  }
  absl::StrAppend(&out, " [flags]");
  return out;
}

std::string HelpText(const CommandSpec& spec) {
  std::string out = absl::StrCat(Synopsis(spec), "\n\n", spec.summary, "\n");
  if (!spec.description.empty()) {
    absl::StrAppend(&out, "\n", spec.description);
    if (spec.description.back() != '\n') out.push_back('\n');
  }
  if (!spec.flags.empty()) {
    absl::StrAppend(&out, "\nflags:\n", FlagHelp(spec.flags));
  }
  absl::StrAppend(&out, "\nglobal flags:\n", FlagHelp(GlobalFlags()));
  return out;
}

absl::StatusOr<int> ParseIntFlag(absl::string_view flag,
                                 absl::string_view value, int min, int max) {
  int parsed = 0;
  if (!absl::SimpleAtoi(value, &parsed) || parsed < min || parsed > max) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, " wants an integer from ", min, " to ", max,
                     ", not '", value, "'"));
  }
  return parsed;
}

}  // namespace remarkgraph::cli
