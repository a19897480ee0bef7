// GraphStore: the durable graph. The only interface the layers above use to
// reach storage; the RocksDB implementation lives behind OpenGraphStore().
//
// Model: nodes have a dense 64-bit id (allocated by the store, never reused)
// and a unique resource name. An edge is identified by (source, kind,
// target) and stored twice, under its source (outgoing) and its target
// (incoming), so either side is one prefix scan.
//
// Thread safety: a GraphStore may be used from any number of threads. Writes
// (Apply) are serialised and atomic. A GraphSnapshot is a consistent,
// read-only view; it is safe to use from one thread at a time and must not
// outlive its store.
#ifndef REMARKGRAPH_STORAGE_GRAPH_STORE_H_
#define REMARKGRAPH_STORAGE_GRAPH_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "storage/records.pb.h"
#include "storage/backup.h"
#include "storage/schema.h"

namespace rocksdb {
class Env;
}  // namespace rocksdb

namespace remarkgraph::storage {

using NodeId = uint64_t;
inline constexpr NodeId kNoNode = 0;  // Ids start at 1.

// Which stored copy of an edge to scan.
enum class EdgeDirection : uint8_t { kOutgoing = 0, kIncoming = 1 };

// One edge as seen from the node whose edges are scanned. `value` points into
// the scan's buffer and is valid only during the visit callback.
struct EdgeEntry {
  NodeId node = kNoNode;      // The scanned node.
  NodeId neighbor = kNoNode;  // The other endpoint.
  EdgeKind kind = EdgeKind::kUnspecified;
  EdgeDirection direction = EdgeDirection::kOutgoing;
  std::string_view value;  // Serialized EdgeRecord.

  NodeId source() const {
    return direction == EdgeDirection::kOutgoing ? node : neighbor;
  }
  NodeId target() const {
    return direction == EdgeDirection::kOutgoing ? neighbor : node;
  }
  // Parses `value`. Cheap to skip when only ids are needed.
  absl::StatusOr<EdgeRecord> Decode() const;
};

// The stance in a serialized EdgeRecord, read without parsing the rest (the
// evidence). INTERNAL if the value is malformed.
absl::StatusOr<Stance> ReadEdgeStance(std::string_view serialized_record);

// One edge from the in-memory adjacency (GraphSnapshot::ScanAdjacency): its
// other end, kind and stance, without its record.
struct AdjacentEdge {
  NodeId neighbor = kNoNode;
  EdgeKind kind = EdgeKind::kUnspecified;
  Stance stance = Stance::kUnspecified;
};

// An edge by its key.
struct EdgeRef {
  NodeId source = kNoNode;
  EdgeKind kind = EdgeKind::kUnspecified;
  NodeId target = kNoNode;
};

// Where an edge scan resumes: strictly after this (kind, neighbor).
struct EdgeCursor {
  EdgeKind kind = EdgeKind::kUnspecified;
  NodeId neighbor = kNoNode;
};

// A remark found by GraphSnapshot::ScanTextMatches.
struct TextMatch {
  NodeId id = kNoNode;
  // Where the query first occurs in the remark's normalised text, in code
  // points, when the index confirmed the phrase from the positions it
  // holds. nullopt when the index could only find a candidate, which the
  // caller confirms on the text: postings stored without positions, a query
  // with white space (its bigrams are not indexed), or a snapshot that
  // keeps no positions.
  std::optional<uint32_t> position;
};

// A node read from the store.
struct StoredNode {
  NodeId id = kNoNode;
  NodeRecord record;
};

// A consistent read-only view of the graph at one point in time.
class GraphSnapshot {
 public:
  virtual ~GraphSnapshot() = default;

  // The sequence number of the latest write the snapshot sees (see
  // GraphStore::LatestSequence); 0 for a store without sequences.
  virtual uint64_t sequence() const { return 0; }

  // The id of the node named `name`, or nullopt if there is none.
  virtual absl::StatusOr<std::optional<NodeId>> Resolve(
      std::string_view name) = 0;

  // The ids of the nodes named `names`, in the same order; nullopt for
  // names without a node. Reads in one sorted batch: prefer it to repeated
  // Resolve. The default resolves one by one.
  virtual absl::StatusOr<std::vector<std::optional<NodeId>>> ResolveNames(
      const std::vector<std::string>& names) {
    std::vector<std::optional<NodeId>> ids;
    ids.reserve(names.size());
    for (const std::string& name : names) {
      absl::StatusOr<std::optional<NodeId>> id = Resolve(name);
      if (!id.ok()) return id.status();
      ids.push_back(*id);
    }
    return ids;
  }

  // The node with `id`, or nullopt if there is none.
  virtual absl::StatusOr<std::optional<NodeRecord>> GetNode(NodeId id) = 0;

  // The nodes with `ids`, in the same order; nullopt for missing ones. Reads
  // in sorted batches: prefer it to repeated GetNode.
  virtual absl::StatusOr<std::vector<std::optional<NodeRecord>>> GetNodes(
      const std::vector<NodeId>& ids) = 0;

  // Like GetNodes, but the records are shared and read-only: the store may
  // hand out the ones it holds in memory without copying them (nullptr for
  // missing nodes). They stay valid while the caller holds them, also after
  // the snapshot is gone. For reads that only look at a few fields of many
  // nodes. The default wraps GetNodes.
  virtual absl::StatusOr<std::vector<std::shared_ptr<const NodeRecord>>>
  GetSharedNodes(const std::vector<NodeId>& ids) {
    absl::StatusOr<std::vector<std::optional<NodeRecord>>> records =
        GetNodes(ids);
    if (!records.ok()) return records.status();
    std::vector<std::shared_ptr<const NodeRecord>> out(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
      if ((*records)[i].has_value()) {
        out[i] = std::make_shared<const NodeRecord>(*std::move((*records)[i]));
      }
    }
    return out;
  }

  // Visits the edges of `node` stored in `direction`, ordered by (kind,
  // neighbor id). With `kind` set only that kind is scanned (one seek). With
  // `start_after`, the scan resumes strictly after that position. The visit
  // returns false to stop early. Returns the number of edges visited.
  virtual absl::StatusOr<int64_t> ScanEdges(
      NodeId node, EdgeDirection direction, std::optional<EdgeKind> kind,
      std::optional<EdgeCursor> start_after,
      absl::FunctionRef<bool(const EdgeEntry&)> visit) = 0;

  // Whether ScanAdjacency answers: the store keeps the in-memory adjacency
  // (StoreOptions::adjacency) and holds it at this snapshot's point in time.
  virtual bool has_adjacency() const { return false; }

  // Like ScanEdges, from memory and without the records: the same edges in
  // the same order, each with its neighbor, kind and stance. Returns the
  // number of edges visited. FAILED_PRECONDITION unless has_adjacency().
  virtual absl::StatusOr<int64_t> ScanAdjacency(
      NodeId /*node*/, EdgeDirection /*direction*/, std::optional<EdgeKind> /*kind*/,
      std::optional<EdgeCursor> /*start_after*/,
      absl::FunctionRef<bool(const AdjacentEdge&)> /*visit*/) {
    return absl::FailedPreconditionError("this snapshot has no in-memory adjacency");
  }

  // The value of one edge, or nullopt if there is none.
  virtual absl::StatusOr<std::optional<EdgeRecord>> GetEdge(
      NodeId source, EdgeKind kind, NodeId target) = 0;

  // The values of `edges`, in the same order; nullopt for missing ones.
  // Reads in one sorted batch: prefer it to repeated GetEdge. The default
  // reads one by one.
  virtual absl::StatusOr<std::vector<std::optional<EdgeRecord>>> GetEdges(
      const std::vector<EdgeRef>& edges) {
    std::vector<std::optional<EdgeRecord>> out;
    out.reserve(edges.size());
    for (const EdgeRef& edge : edges) {
      absl::StatusOr<std::optional<EdgeRecord>> record =
          GetEdge(edge.source, edge.kind, edge.target);
      if (!record.ok()) return record.status();
      out.push_back(*std::move(record));
    }
    return out;
  }

  // Visits the nodes of `kind` in resource-name order, strictly after
  // `start_after_name` when it is not empty. The visit returns false to stop.
  virtual absl::Status ScanKind(
      NodeKind kind, std::string_view start_after_name,
      absl::FunctionRef<bool(std::string_view name, NodeId id)> visit) = 0;

  // Visits the ids of remarks whose normalised text contains every character
  // bigram of `normalized_query` (see NormalizeForSearch), ascending, strictly
  // after `start_after`. A candidate set: callers confirm by substring match
  // on the normalised text. `normalized_query` must have at least 2 code
  // points. The visit returns false to stop.
  virtual absl::Status ScanTextCandidates(
      std::string_view normalized_query, NodeId start_after,
      absl::FunctionRef<bool(NodeId id)> visit) = 0;

  // Like ScanTextCandidates, but where the index holds each bigram's
  // positions it confirms the phrase itself: remarks that hold every bigram
  // but not the phrase are not visited, and those visited carry where the
  // phrase occurs. Same order, bounds and errors. The default visits every
  // candidate unconfirmed.
  virtual absl::Status ScanTextMatches(
      std::string_view normalized_query, NodeId start_after,
      absl::FunctionRef<bool(const TextMatch& match)> visit) {
    return ScanTextCandidates(normalized_query, start_after, [&](NodeId id) {
      return visit(TextMatch{.id = id, .position = std::nullopt});
    });
  }
};

// A set of changes applied atomically by GraphStore::Apply, in order. Later
// operations see the effect of earlier ones in the same mutation (an edge may
// join nodes upserted just before it).
//
// Memory: an operation takes its names and an index; node and edge records
// are kept apart, each only for the operations that carry one, and
// serialized (a remark's record parsed takes about three times its encoded
// size: a heap string per field, a hash node per property), so that a large
// import's mutation costs about its records' encoded size.
class Mutation {
 public:
  // Creates or replaces the node named `record.name()`. Its kind must match
  // the name. A replaced node keeps its id and its edges.
  void UpsertNode(NodeRecord record);
  // Creates or replaces the edge (source, kind, target). Both nodes must
  // exist when the operation is applied.
  void UpsertEdge(std::string source, EdgeKind kind, std::string target,
                  EdgeRecord record);
  // Deletes the edge if it exists.
  void DeleteEdge(std::string source, EdgeKind kind, std::string target);
  // Deletes the node and all its edges. A missing node is NOT_FOUND unless
  // `allow_missing`.
  void DeleteNode(std::string name, bool allow_missing = false);
  // Appends every operation of `other`, in order, leaving it empty.
  void Append(Mutation&& other);
  // Room for this many more operations, of which `nodes` node upserts and
  // `edges` edge upserts: spares a large mutation its regrowth.
  void Reserve(size_t ops, size_t nodes, size_t edges);

  struct Op {
    enum class Type { kUpsertNode, kUpsertEdge, kDeleteEdge, kDeleteNode };
    Type type = Type::kUpsertNode;
    std::string name;  // node name, or edge source
    std::string target;
    EdgeKind edge_kind = EdgeKind::kUnspecified;
    bool allow_missing = false;
    uint32_t record = 0;  // kUpsertNode, kUpsertEdge: see node() and edge().
  };
  const std::vector<Op>& ops() const { return ops_; }
  bool empty() const { return ops_.empty(); }
  size_t size() const { return ops_.size(); }
  // The record of a kUpsertNode / kUpsertEdge operation of this mutation,
  // parsed for each call: a reader that needs a field more than once keeps
  // the copy. An operation Release() freed reads as an empty record.
  NodeRecord node(const Op& op) const;
  EdgeRecord edge(const Op& op) const;
  // The same record serialized, as it was given (no parse).
  const std::string& node_bytes(const Op& op) const { return nodes_[op.record]; }
  const std::string& edge_bytes(const Op& op) const { return edges_[op.record]; }
  // Frees operation `index`'s names and record, leaving it empty: for a
  // writer that has staged it and will not read it again.
  void Release(size_t index);

 private:
  std::vector<Op> ops_;
  std::vector<std::string> nodes_;  // Serialized NodeRecord.
  std::vector<std::string> edges_;  // Serialized EdgeRecord.
};

// What Apply did.
struct ApplyResult {
  int64_t nodes_created = 0;
  int64_t nodes_updated = 0;
  int64_t nodes_deleted = 0;
  int64_t edges_created = 0;
  int64_t edges_updated = 0;
  int64_t edges_deleted = 0;  // Including those removed with their nodes.
  // The ids of the upserted nodes, in operation order.
  std::vector<NodeId> upserted_ids;
};

// Storage tuning. Defaults suit a 2-core, few-GiB machine.
struct StoreOptions {
  // Shared LRU block cache for all column families.
  size_t block_cache_bytes = 256 << 20;
  // Write-ahead log synced on every commit (durable across power loss, not
  // only process crashes).
  bool sync_writes = false;
  // Create the database if missing.
  bool create_if_missing = true;
  // How long, and up to how many MiB, write-ahead log files are kept after
  // their data is flushed, so that replicas can read the batches they
  // missed (ReadUpdates). 0 and 0: deleted at once.
  uint64_t wal_ttl_seconds = 0;
  uint64_t wal_size_limit_mb = 0;
  // Non-empty for a read replica: Apply is refused with
  // FAILED_PRECONDITION naming this primary; ApplyReplicated writes.
  std::string replica_of;
  // Decoded node records, name ids and small edge lists kept in memory
  // across snapshots (each snapshot still sees only its own point in time;
  // see storage/internal/read_cache.h). 0 turns it off.
  size_t read_cache_bytes = 256 << 20;
  // Keep every edge's ends, kind and stance in memory (8 bytes per stored
  // copy, two copies per edge; built when the store opens), so that
  // traversals walk the graph without reading RocksDB. See
  // docs/storage.md. Off: snapshots scan RocksDB.
  bool adjacency = true;
  // An Apply whose upserted texts hold at least this many code points (about
  // 768 KiB of Japanese) writes as ApplyBulk does: its postings, about one per
  // code point, are ingested as a table file rather than held in the write
  // batch and the memtable (same result, guarantees and change feed; see
  // docs/storage.md, "Bulk writes"). 0: Apply always writes through the log.
  size_t bulk_postings_from_code_points = 1 << 18;
  // For tests of crash safety: called between the steps of a bulk write
  // (ApplyBulk, or a large Apply) with the step just done, "reserved" (the ids) or
  // "ingested" (the postings), so that a test can end the process there.
  std::function<void(std::string_view step)> bulk_write_hook;
  // For tests of I/O failures: the RocksDB environment the database's files
  // are written through (one that fails chosen writes); it must outlive
  // the store. nullptr: RocksDB's default.
  rocksdb::Env* env = nullptr;
};

// Counts, for metrics and health.
struct StoreStats {
  int64_t nodes = 0;
  int64_t edges = 0;
  uint64_t last_change_sequence = 0;
};

// A figure of the storage engine for monitoring (see EngineFigures).
struct EngineFigure {
  std::string name;  // "block_cache_hits", "pending_compaction_bytes", ...
  std::string help;  // What it measures, one line.
  bool counter = false;  // Only grows (a count since open), else a level.
  double value = 0;
};

// One change to one node or edge, read back from a committed write.
struct ChangeEvent {
  enum class Op : uint8_t { kUpsert, kDelete };
  // The sequence number of the write that stored the record.
  uint64_t sequence = 0;
  Op op = Op::kUpsert;
  bool is_edge = false;
  // A node: the whole record for an upsert; name and kind for a delete.
  NodeRecord node;
  // An edge: its key, and its value for an upsert.
  std::string source;
  std::string target;
  EdgeKind edge_kind = EdgeKind::kUnspecified;
  EdgeRecord edge;
};

// The changes of one committed write (one Apply: a mutation, an import, a
// node delete with its edges), in the order they were made.
struct ChangeBatch {
  // The sequence number of the write's first record.
  uint64_t commit_sequence = 0;
  // One past the write's last record: where the next write starts.
  uint64_t end_sequence = 0;
  std::vector<ChangeEvent> events;
};

// On an Apply error caused by one operation, the status carries this payload:
// the operation's index in the mutation, as decimal text.
inline constexpr std::string_view kOperationIndexPayload =
    "remarkgraph.dev/operation-index";

class GraphStore {
 public:
  virtual ~GraphStore() = default;

  // Applies `mutation` atomically: on error nothing is written. Errors:
  // INVALID_ARGUMENT (bad name, kind mismatch, edge kinds that do not fit,
  // invalid UTF-8), FAILED_PRECONDITION (an edge endpoint that does not
  // exist), NOT_FOUND (deleting a missing node without allow_missing),
  // INTERNAL/UNAVAILABLE for I/O failures. A large mutation is written as
  // ApplyBulk writes it (StoreOptions::bulk_postings_from_code_points).
  virtual absl::StatusOr<ApplyResult> Apply(const Mutation& mutation) = 0;

  // Like Apply, with the same result, errors and atomicity for readers, for
  // large writes: the text postings of the remarks the mutation creates
  // are built in memory, sorted, and ingested as one table file instead of
  // going through the write-ahead log and the memtable, which takes a
  // fraction of the memory and time. The change feed (ReadChangeBatches)
  // reports the write as Apply's; replicas build the same postings from
  // the write's records. See docs/storage.md, "Bulk writes". Taken by
  // value: moved in, the mutation is released once staged, before the
  // write takes its own memory. The default is Apply.
  virtual absl::StatusOr<ApplyResult> ApplyBulk(Mutation mutation) { return Apply(mutation); }

  // A snapshot of the current committed state.
  virtual std::unique_ptr<GraphSnapshot> Snapshot() = 0;

  // Approximate counts.
  virtual StoreStats Stats() = 0;

  // Figures of the storage engine at the time of the call, for metrics:
  // block cache hits, misses and usage, pending compaction bytes, SST file
  // sizes, memtable sizes (summed over column families). Empty for a
  // closed store or one without such an engine. Thread-safe.
  virtual std::vector<EngineFigure> EngineFigures() { return {}; }

  // A consistent backup of the store in `backup_dir` (storage/backup.h),
  // taken while writes go on. UNIMPLEMENTED for stores that cannot.
  virtual absl::StatusOr<BackupInfo> CreateBackup(const std::string& /*backup_dir*/) {
    return absl::UnimplementedError("this store cannot make backups");
  }

  // Change-log entries with sequence > `after`, in order, at most `limit`.
  virtual absl::StatusOr<std::vector<std::pair<uint64_t, ChangeRecord>>>
  ReadChanges(uint64_t after, size_t limit) = 0;

  // Replication (the RocksDB store; others answer UNIMPLEMENTED).
  //
  // The sequence number of the latest committed write.
  virtual uint64_t LatestSequence() { return 0; }

  // Visits the committed write batches from sequence `from` on, in order,
  // as (sequence of the batch's first write, raw WriteBatch bytes); the
  // visit returns false to stop. Nothing to visit when `from` is past the
  // latest sequence. OUT_OF_RANGE when the write-ahead log from `from` is no
  // longer kept (the caller must start again from a checkpoint).
  virtual absl::Status ReadUpdates(
      uint64_t /*from*/,
      absl::FunctionRef<bool(uint64_t sequence, std::string_view batch)> /*visit*/) {
    return absl::UnimplementedError("this store does not replicate");
  }

  // Like ReadUpdates, but each committed write decoded into the changes it
  // made to nodes and edges (index entries, text postings and counters are
  // left out). `from` may fall inside a write: only its changes from `from`
  // on are visited. Nothing to visit when `from` is past the latest
  // sequence. OUT_OF_RANGE, with the oldest sequence still kept, when the
  // write-ahead log from `from` is no longer kept.
  virtual absl::Status ReadChangeBatches(
      uint64_t /*from*/, absl::FunctionRef<bool(const ChangeBatch& batch)> /*visit*/) {
    return absl::UnimplementedError("this store keeps no change history");
  }

  // Blocks until a write past sequence `after` has committed (true), or
  // `timeout` has passed, or the store closes (false). Thread-safe. The
  // default sleeps for `timeout` and compares.
  virtual bool WaitForCommit(uint64_t after, absl::Duration timeout) {
    if (LatestSequence() > after) return true;
    absl::SleepFor(timeout);
    return LatestSequence() > after;
  }

  // Applies a batch read by ReadUpdates on the primary. Its sequence must
  // be LatestSequence() + 1 (FAILED_PRECONDITION otherwise, nothing
  // written); INVALID_ARGUMENT when the bytes are not a write batch. Cached
  // reads are dropped as a commit does. Serialised with Apply.
  virtual absl::Status ApplyReplicated(uint64_t /*sequence*/, std::string_view /*batch*/) {
    return absl::UnimplementedError("this store does not replicate");
  }

  // Writes a consistent copy of the database into directory `dir` (which
  // must not exist; on the same file system files are hard links) and
  // returns the sequence it holds.
  virtual absl::StatusOr<uint64_t> Checkpoint(const std::string& /*dir*/) {
    return absl::UnimplementedError("this store cannot checkpoint");
  }

  // Compacts the whole store into its final levels, so that each read
  // touches as few sorted runs as possible (after a bulk import, say).
  // Writes wait meanwhile; snapshots stay valid. A store that needs no
  // compaction may do nothing.
  virtual absl::Status Compact() { return absl::OkStatus(); }

  // Flushes memtables and closes the database. Further calls fail with
  // FAILED_PRECONDITION. Called by the destructor if not called before.
  virtual absl::Status Close() = 0;
};

// Opens (or creates) the RocksDB graph store in directory `path`.
// FAILED_PRECONDITION if the directory holds a database of a newer schema
// version; UNAVAILABLE if it is locked by another process.
absl::StatusOr<std::unique_ptr<GraphStore>> OpenGraphStore(
    const std::string& path, const StoreOptions& options = {});

// Text normalisation used by the remark index and search: Unicode NFKC,
// then case folding. Never fails; invalid UTF-8 sequences become U+FFFD.
std::string NormalizeForSearch(std::string_view text);

}  // namespace remarkgraph::storage

#endif  // REMARKGRAPH_STORAGE_GRAPH_STORE_H_
