// dossier and search: what was said about a decision, and where words occur.

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/cli/commands.h"
#include "clients/cli/enum_names.h"
#include "clients/cli/format.h"
#include "clients/cli/paging.h"
#include "clients/cli/table.h"

namespace remarkgraph::cli {
namespace {

// Remark text is cut to this many terminal columns: about 40 Japanese
// characters.
constexpr int kRemarkTextWidth = 80;

// "meetings/m/items/2 (ITEM, DECISION, ADOPTED)".
std::string SubjectLine(const v1::Node& node) {
  std::vector<std::string> facts = {ShortName(node.kind())};
  if (node.has_item()) {
    for (std::string fact : {ShortName(node.item().item_kind()),
                             ShortName(node.item().outcome())}) {
      if (fact != "-") facts.push_back(std::move(fact));
    }
  }
  return absl::StrCat(node.name(), " (", absl::StrJoin(facts, ", "), ")");
}

void PrintDossierHeader(const v1::GetDossierResponse& page, std::ostream& out) {
  out << "subject:  " << SubjectLine(page.subject()) << "\n";
  if (!page.subject().title().empty()) {
    out << "title:    " << page.subject().title() << "\n";
  }
  for (const v1::Node& related : page.related()) {
    out << "related:  " << related.name();
    if (!related.title().empty()) out << "  " << related.title();
    out << "\n";
  }
  out << "remarks:  " << page.total_remarks() << " in "
      << Count(page.total_meetings(), "meeting") << "\n";
  std::vector<std::string> stances;
  for (const v1::StanceCount& count : page.stances()) {
    // Remarks that reference without a stance, or adopt, count as "none".
    const std::string name = count.stance() == v1::STANCE_UNSPECIFIED
                                 ? "none"
                                 : ShortName(count.stance());
    stances.push_back(absl::StrCat(name, " ", count.count()));
  }
  if (!stances.empty()) {
    out << "stances:  " << absl::StrJoin(stances, ", ") << "\n";
  }
  if (page.stats().truncated()) {
    out << "note:     " << StatsLine(page.stats())
        << "; the totals count only what was scanned\n";
  }
}

void PrintDossierMeeting(const v1::DossierMeeting& group, int line_width,
                         std::ostream& out) {
  const v1::Node& meeting = group.meeting();
  out << "\n" << meeting.name();
  if (meeting.has_meeting() && !meeting.meeting().date().empty()) {
    out << "  " << meeting.meeting().date();
  }
  if (!meeting.title().empty()) out << "  " << meeting.title();
  out << "\n";
  Table table(
      {{.header = "#", .max_width = 5, .align_right = true, .fixed = true},
       {.header = "SPEAKER", .max_width = 24},
       {.header = "STANCE", .max_width = 8, .fixed = true},
       {.header = "TEXT", .max_width = kRemarkTextWidth}});
  for (const v1::DossierRemark& entry : group.remarks()) {
    const v1::Node& remark = entry.remark();
    std::string speaker = entry.speaker_title();
    if (speaker.empty()) speaker = entry.speaker();
    if (speaker.empty() && remark.has_remark()) {
      speaker = remark.remark().speaker_label();
    }
    table.AddRow(
        {remark.has_remark() ? absl::StrCat(remark.remark().ordinal()) : "",
         speaker, ShortName(FirstStance(entry.links())),
         remark.has_remark() ? remark.remark().text() : remark.title()});
  }
  table.Print(out, 2, line_width);
}

int RunDossier(const ParsedArgs& args, Session& session) {
  v1::GetDossierRequest request;
  request.set_name(args.positionals()[0]);
  absl::StatusOr<PageFlags> paging = ReadPageFlags(args);
  if (!paging.ok()) return session.Usage(paging.status());
  request.set_page_size(paging->page_size);

  // A meeting's remarks may run over a page break; the two halves are
  // joined before printing, so each meeting appears once.
  std::optional<v1::DossierMeeting> pending;
  const auto flush = [&] {
    if (!pending.has_value()) return;
    if (session.json()) {
      session.PrintJson("meeting", *pending);
    } else {
      PrintDossierMeeting(*pending, session.line_width(), session.out());
    }
    pending.reset();
  };
  bool first_page = true;
  return FetchPages(
      session, *paging,
      [&](const std::string& token, std::string* next) {
        request.set_page_token(token);
        v1::GetDossierResponse page;
        grpc::Status status = session.graph().GetDossier(
            session.NewContext().get(), request, &page);
        if (!status.ok()) return status;
        if (first_page) {
          first_page = false;
          if (session.json()) {
            v1::GetDossierResponse header = page;
            header.clear_meetings();
            header.clear_next_page_token();
            session.PrintJson("dossier", header);
          } else {
            PrintDossierHeader(page, session.out());
          }
        }
        for (v1::DossierMeeting& group : *page.mutable_meetings()) {
          if (pending.has_value() &&
              pending->meeting().name() == group.meeting().name()) {
            for (v1::DossierRemark& remark : *group.mutable_remarks()) {
              *pending->add_remarks() = std::move(remark);
            }
            continue;
          }
          flush();
          pending = std::move(group);
        }
        *next = page.next_page_token();
        return status;
      },
      [&](bool /*failed*/) { flush(); });
}

int RunSearch(const ParsedArgs& args, Session& session) {
  v1::SearchRemarksRequest request;
  // Unquoted words are searched as one phrase.
  request.set_query(absl::StrJoin(args.positionals(), " "));
  request.set_meeting(args.Get("meeting"));
  request.set_person(args.Get("person"));
  if (absl::Status dates = ReadDateFlags(args, request.mutable_start_date(),
                                         request.mutable_end_date());
      !dates.ok()) {
    return session.Usage(dates);
  }
  absl::StatusOr<PageFlags> paging = ReadPageFlags(args);
  if (!paging.ok()) return session.Usage(paging.status());
  request.set_page_size(paging->page_size);

  Table table(
      {{.header = "NAME", .max_width = 40, .elide_front = true, .fixed = true},
       {.header = "SPEAKER", .max_width = 20},
       {.header = "SNIPPET", .max_width = kRemarkTextWidth}});
  return FetchPages(
      session, *paging,
      [&](const std::string& token, std::string* next) {
        request.set_page_token(token);
        v1::SearchRemarksResponse response;
        grpc::Status status = session.graph().SearchRemarks(
            session.NewContext().get(), request, &response);
        if (!status.ok()) return status;
        for (const v1::SearchHit& hit : response.hits()) {
          if (session.json()) {
            session.PrintJson("hit", hit);
            continue;
          }
          const v1::Node& remark = hit.remark();
          table.AddRow(
              {remark.name(),
               remark.has_remark() ? remark.remark().speaker_label() : "",
               hit.snippet().empty() && remark.has_remark()
                   ? remark.remark().text()
                   : hit.snippet()});
        }
        *next = response.next_page_token();
        return status;
      },
      [&](bool failed) {
        if (session.json()) return;
        if (table.empty()) {
          if (failed) return;
          session.out() << "no remarks found\n";
        } else {
          table.Print(session.out(), 0, session.line_width());
        }
      });
}

}  // namespace

Command DossierCommand() {
  return {
      {.name = "dossier",
       .positional_synopsis = "NAME",
       .summary =
           "Show every remark that references a decision, report or matter.",
       .description =
           "Prints the subject, the totals and stance counts over all pages,\n"
           "then the remarks of this page grouped by meeting (newest first)\n"
           "with speaker, stance and the start of the text. --page-size\n"
           "counts remarks.\n\n"
           "examples:\n"
           "  remarkgraph dossier meetings/cshq-31/items/2\n"
           "  remarkgraph dossier matters/cyber-strategy --all --json\n",
       .min_positionals = 1,
       .max_positionals = 1,
       .flags = PageFlagSpecs("remarks")},
      RunDossier};
}

Command SearchCommand() {
  std::vector<FlagSpec> flags = {
      {"meeting", "MEETING", "only remarks of this meeting"},
      {"person", "PERSON", "only remarks of this person"},
      {"from", "DATE",
       "only remarks of meetings on or after DATE (YYYY-MM-DD)"},
      {"to", "DATE", "only remarks of meetings on or before DATE"},
  };
  for (FlagSpec& flag : PageFlagSpecs("remarks")) {
    flags.push_back(std::move(flag));
  }
  return {
      {.name = "search",
       .positional_synopsis = "TEXT",
       .summary = "Find remarks whose text contains TEXT.",
       .description =
           "Matching ignores case and Unicode width (NFKC), so ＡＩ finds AI.\n"
           "Several words are searched as one phrase, joined by spaces.\n"
           "Results come in the order the remarks were stored.\n\n"
           "example:\n"
           "  remarkgraph search 能動的サイバー防御 --from 2024-01-01\n",
       .min_positionals = 1,
       .max_positionals = -1,
       .flags = std::move(flags)},
      RunSearch};
}

}  // namespace remarkgraph::cli
