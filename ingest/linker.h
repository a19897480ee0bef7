// The cross-reference linker: finds, in the remarks of one meeting, the
// items, documents, earlier remarks and other meetings' matters they name,
// and records each link with its evidence (span, quoted words, rule,
// confidence). Rules come from the structure and titles of minutes, not
// from particular sentences; docs/import.md lists them.
//
// Thread safety: LinkMinutes mutates only its argument; concurrent calls on
// different minutes are safe if the context objects are not shared.
#ifndef REMARKGRAPH_INGEST_LINKER_H_
#define REMARKGRAPH_INGEST_LINKER_H_

#include <functional>

#include "absl/status/status.h"
#include "ingest/interrupt.h"
#include "ingest/matter_catalog.h"
#include "ingest/minutes.h"

namespace remarkgraph::ingest {

struct LinkContext {
  // Matters of meetings imported before; may be null.
  const MatterCatalog* matters = nullptr;
  // Remarks of meetings imported before; may be null.
  RemarkCorpus* corpus = nullptr;
};

// `interrupt` (ingest/interrupt.h) is polled every few hundred remarks and
// between the linker's phases; a non-OK status (a passed deadline, a
// cancelled call) ends linking with it. May be empty.

// Replaces minutes.links and minutes.external_links, sets each item's
// matter and the outcome of adopted decisions. Errors only from the corpus.
absl::Status LinkMinutes(ParsedMinutes& minutes, const LinkContext& context = {},
                         const Interrupt& interrupt = nullptr);

// Appends to minutes.external_links the remarks of `context.corpus` that
// name the matters of minutes' items (LinkMinutes must have run, for the
// items' matters). For a second corpus, without linking the minutes again.
absl::Status LinkExternal(ParsedMinutes& minutes, const LinkContext& context,
                          const Interrupt& interrupt = nullptr);

// The matter id (SlugId of the core title) and core title of an item title.
std::string MatterIdForTitle(std::string_view title);
std::string MatterTitleFor(std::string_view title);

}  // namespace remarkgraph::ingest

#endif  // REMARKGRAPH_INGEST_LINKER_H_
