// traverse: a breadth-first walk from seed nodes through a list of steps.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/cli/commands.h"
#include "clients/cli/enum_names.h"
#include "clients/cli/format.h"
#include "clients/cli/step_syntax.h"
#include "clients/cli/table.h"

namespace remarkgraph::cli {
namespace {

// Hits per message asked of the server.
constexpr int kHitsPerMessage = 256;

// Limits the API states for one Traverse call.
constexpr int kMaxSeeds = 1000;
constexpr int kMaxSteps = 16;

// The edge a hit was reached through, as seen from the hit:
// "<-REFERENCES- meetings/m/remarks/3" when the edge points at the hit,
// "-SPOKEN_BY-> people/goto" when it leaves it.
std::string ViaText(const v1::TraversalHit& hit) {
  if (!hit.has_via()) return "";
  const v1::Edge& via = hit.via();
  const std::string kind = ShortName(via.kind());
  if (via.target() == hit.node().name()) {
    return absl::StrCat("<-", kind, "- ", via.source());
  }
  return absl::StrCat("-", kind, "-> ", via.target());
}

// Reads the budget flags into `budget`.
absl::Status ReadBudget(const ParsedArgs& args, v1::QueryBudget* budget) {
  struct Limit {
    const char* flag;
    void (v1::QueryBudget::*set)(int32_t);
  };
  static constexpr Limit kLimits[] = {
      {"max-depth", &v1::QueryBudget::set_max_depth},
      {"max-nodes", &v1::QueryBudget::set_max_nodes},
      {"max-fanout", &v1::QueryBudget::set_max_fanout},
      {"time-budget-ms", &v1::QueryBudget::set_time_budget_ms},
  };
  for (const Limit& limit : kLimits) {
    if (!args.Has(limit.flag)) continue;
    absl::StatusOr<int> value =
        ParseIntFlag(limit.flag, args.Get(limit.flag), 1, 1 << 30);
    if (!value.ok()) return value.status();
    (budget->*limit.set)(*value);
  }
  if (args.Has("max-edges")) {
    absl::StatusOr<int> value =
        ParseIntFlag("max-edges", args.Get("max-edges"), 1, 1 << 30);
    if (!value.ok()) return value.status();
    budget->set_max_edges_scanned(*value);
  }
  return absl::OkStatus();
}

int RunTraverse(const ParsedArgs& args, Session& session) {
  v1::TraverseRequest request;
  if (args.positionals().size() > kMaxSeeds) {
    return session.Usage(absl::StrCat("at most ", kMaxSeeds, " seeds"));
  }
  for (const std::string& seed : args.positionals()) request.add_seeds(seed);
  absl::StatusOr<std::vector<v1::TraversalStep>> steps =
      ParseSteps(args.ordered_flags());
  if (!steps.ok()) return session.Usage(steps.status());
  if (steps->empty()) return session.Usage("give at least one --step");
  if (steps->size() > kMaxSteps) {
    return session.Usage(absl::StrCat("at most ", kMaxSteps, " steps"));
  }
  for (v1::TraversalStep& step : *steps) *request.add_steps() = std::move(step);
  request.set_repeat_last_step(args.Has("repeat-last"));
  request.set_include_seeds(args.Has("include-seeds"));
  if (absl::Status budget = ReadBudget(args, request.mutable_budget());
      !budget.ok()) {
    return session.Usage(budget);
  }

  // Hits come in batches: far fewer messages than one per hit.
  request.set_hits_per_message(kHitsPerMessage);
  std::unique_ptr<grpc::ClientContext> context = session.NewContext();
  std::unique_ptr<grpc::ClientReader<v1::TraverseResponse>> reader =
      session.graph().Traverse(context.get(), request);
  Table table(
      {{.header = "DEPTH", .max_width = 5, .align_right = true, .fixed = true},
       {.header = "NAME", .max_width = 44, .elide_front = true, .fixed = true},
       {.header = "KIND", .max_width = 8, .fixed = true},
       {.header = "TITLE", .max_width = 40},
       {.header = "VIA", .max_width = 56}});
  v1::TraverseResponse response;
  v1::QueryStats summary;
  int hits = 0;
  auto show = [&](const v1::TraversalHit& hit) {
    ++hits;
    if (session.json()) {
      session.PrintJson("hit", hit);
    } else {
      table.AddRow({absl::StrCat(hit.depth()), hit.node().name(),
                    ShortName(hit.node().kind()), DisplayTitle(hit.node()),
                    ViaText(hit)});
    }
  };
  while (reader->Read(&response)) {
    if (response.has_summary()) {
      summary = response.summary();
      if (session.json()) session.PrintJson("summary", summary);
    } else if (response.has_hits()) {
      for (const v1::TraversalHit& hit : response.hits().hits()) show(hit);
    } else if (response.has_hit()) {
      show(response.hit());
    }
  }
  const grpc::Status status = reader->Finish();
  if (!session.json()) {
    if (!table.empty()) table.Print(session.out(), 0, session.line_width());
    // What was streamed before a failure is still shown, without a summary.
    if (status.ok()) {
      session.out() << (table.empty() ? "" : "\n") << Count(hits, "node")
                    << "; " << StatsLine(summary) << "\n";
    }
  }
  return status.ok() ? kExitOk : session.Fail(status);
}

}  // namespace

Command TraverseCommand() {
  return {
      {.name = "traverse",
       .positional_synopsis = "SEED...",
       .summary = "Walk the graph from seed nodes through a list of steps.",
       .description =
           "Each --step is DIRECTION[:EDGE_KINDS[:NODE_KINDS[:STANCES]]]:\n"
           "DIRECTION is out, in or both; the rest are comma lists, empty or\n"
           "'*' for any. --filter and --stance qualify the --step before "
           "them.\n"
           "A filter is KEY=VALUE, KEY!=VALUE, KEY~VALUE (contains),\n"
           "KEY>=VALUE or KEY<=VALUE; KEY is title, date, speaker_label,\n"
           "item_kind (decision, report, discussion), outcome (adopted,\n"
           "rejected, deferred) or properties.NAME.\n\n"
           "Nodes come once each, by depth then discovery. Budgets left unset\n"
           "take the server's defaults; a cut answer says so in its last "
           "line.\n\n"
           "examples:\n"
           "  # every remark that references a decision, and who spoke it\n"
           "  remarkgraph traverse meetings/cshq-31/items/2 \\\n"
           "      --step in:references:remark --step out:spoken_by:person\n"
           "  # what a person said about decisions, with concern\n"
           "  remarkgraph traverse people/goto --step in:spoken_by:remark \\\n"
           "      --step out:references:item --stance concern \\\n"
           "      --filter item_kind=decision\n"
           "  # a chain of replies\n"
           "  remarkgraph traverse meetings/m/remarks/7 \\\n"
           "      --step in:replies_to --repeat-last --max-depth 5\n",
       .min_positionals = 1,
       .max_positionals = -1,
       .flags =
           {
               {"step", "SPEC",
                "one hop: DIRECTION:EDGE_KINDS:NODE_KINDS[:STANCES]",
                /*repeated=*/true},
               {"filter", "KEY<OP>VALUE",
                "keep only nodes that pass (for the step before)",
                /*repeated=*/true},
               {"stance", "LIST",
                "REFERENCES stances to keep (for the step before)",
                /*repeated=*/true},
               {"repeat-last", "", "repeat the last step until --max-depth"},
               {"include-seeds", "", "also list the seeds, at depth 0"},
               {"max-depth", "N", "most hops from a seed"},
               {"max-nodes", "N", "most nodes returned"},
               {"max-fanout", "N", "most edges followed out of one node"},
               {"max-edges", "N", "most edges read in all"},
               {"time-budget-ms", "N", "most server time, in milliseconds"},
           }},
      RunTraverse};
}

}  // namespace remarkgraph::cli
