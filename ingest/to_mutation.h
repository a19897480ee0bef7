// ParsedMinutes -> one storage::Mutation (one atomic WriteBatch).
//
// Names (deterministic, so a re-import replaces instead of duplicating):
//   bodies/{body}                meetings/{meeting_id}
//   meetings/{m}/items/{n}       meetings/{m}/remarks/{n}   (n from 1)
//   matters/{core title}         people/{name without spaces}
//   documents/{資料4-2}
// Edges: HELD_BY, HAS_ITEM, ABOUT, ATTENDED (title at that meeting as the
// property `title`), IN_MEETING, SPOKEN_BY, and one edge per link with its
// evidence (source = the meeting's name) and stance.
#ifndef REMARKGRAPH_INGEST_TO_MUTATION_H_
#define REMARKGRAPH_INGEST_TO_MUTATION_H_

#include "absl/status/statusor.h"
#include "ingest/minutes.h"
#include "storage/graph_store.h"

namespace remarkgraph::ingest {

// The nodes and edges of `minutes`, upserts only. Links to matters of other
// meetings assume the matter exists (it came from the store's catalog).
storage::Mutation BuildMutation(const ParsedMinutes& minutes);

// As BuildMutation, but first deletes the remarks and items a previous
// import of the same meeting left in `snapshot` (with their edges), and the
// ATTENDED edges of people no longer listed, so that the stored meeting is
// exactly the new one. Person titles from other meetings are kept.
absl::StatusOr<storage::Mutation> BuildReplacingMutation(
    const ParsedMinutes& minutes, storage::GraphSnapshot& snapshot);

// As BuildMutation and BuildReplacingMutation, but what the mutation keeps
// of `minutes` is moved out of it rather than copied: each remark's text and
// each link's evidence quotes are left empty (a quote past
// storage::kMaxEvidenceQuoteBytes is copied cut, and stays). For an importer
// that does not read them again, so that the text is not held twice.
storage::Mutation BuildMutationReleasing(ParsedMinutes& minutes);
absl::StatusOr<storage::Mutation> BuildReplacingMutationReleasing(
    ParsedMinutes& minutes, storage::GraphSnapshot& snapshot);

}  // namespace remarkgraph::ingest

#endif  // REMARKGRAPH_INGEST_TO_MUTATION_H_
