// rg_bench_sql: the same corpus and the same queries in the SQL peers,
// timed by the same harness as rg_bench. SQLite runs in process (like
// remarkgraph); PostgreSQL over its unix socket.
//
//   rg_bench_sql sqlite   load  --db FILE --csv DIR --out FILE
//   rg_bench_sql sqlite   query --db FILE --manifest FILE --out FILE
//   rg_bench_sql postgres load  --conninfo STR --csv DIR --out FILE
//   rg_bench_sql postgres query --conninfo STR --manifest FILE --out FILE
//
// Schema (both): nodes(id, kind, name, title, date, ordinal, item_kind,
// outcome, speaker_label, text) with a unique index on name; edges(src,
// kind, dst, stance) with covering indexes (src, kind, dst, stance) and
// (dst, kind, src, stance); a trigram index on remark text (SQLite FTS5
// trigram, PostgreSQL pg_trgm). Each engine loads its fastest way: bulk
// rows into bare tables, indexes after.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bench/harness.h"
#include "nlohmann/json.hpp"

namespace remarkgraph::bench {
namespace {

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "rg_bench_sql: " << what << "\n";
  std::exit(1);
}

// The queries, as parameterised SQL. `$N` placeholders are PostgreSQL's;
// SQLite accepts them too (as named parameters bound by position).
constexpr const char* kGetNode = "SELECT * FROM nodes WHERE name = $1";
constexpr const char* kEdgesOfKind =
    "SELECT e.src, n.name FROM edges e JOIN nodes n ON n.id = e.src "
    "WHERE e.dst = (SELECT id FROM nodes WHERE name = $1) AND e.kind = 5 "
    "ORDER BY e.src LIMIT 100";
constexpr const char* kDossier =
    "SELECT r.id, r.name, r.ordinal, r.text, r.speaker_label, e.stance, "
    "       p.name, p.title, m.name, m.date "
    "FROM nodes s "
    "JOIN edges e ON e.dst = s.id AND e.kind IN (7, 8) "
    "JOIN nodes r ON r.id = e.src "
    "JOIN edges im ON im.src = r.id AND im.kind = 5 "
    "JOIN nodes m ON m.id = im.dst "
    "LEFT JOIN edges sb ON sb.src = r.id AND sb.kind = 6 "
    "LEFT JOIN nodes p ON p.id = sb.dst "
    "WHERE s.name = $1 "
    "ORDER BY m.date DESC, m.name, r.ordinal, r.id LIMIT $2";
constexpr const char* kDossierCounts =
    "SELECT e.stance, count(DISTINCT e.src) FROM edges e "
    "WHERE e.dst = (SELECT id FROM nodes WHERE name = $1) AND e.kind IN (7, 8) "
    "GROUP BY e.stance";
constexpr const char* kTwoHop =
    "SELECT r.id, r.name, i.id, i.name, i.title "
    "FROM nodes p "
    "JOIN edges sb ON sb.dst = p.id AND sb.kind = 6 "
    "JOIN nodes r ON r.id = sb.src "
    "JOIN edges ref ON ref.src = sb.src AND ref.kind = 7 "
    "JOIN nodes i ON i.id = ref.dst "
    "WHERE p.name = $1";
constexpr const char* kThreeHopAll =
    "SELECT DISTINCT r3.id, r3.name "
    "FROM nodes p "
    "JOIN edges sb ON sb.dst = p.id AND sb.kind = 6 "
    "JOIN edges ref ON ref.src = sb.src AND ref.kind = 7 "
    "JOIN edges back ON back.dst = ref.dst AND back.kind = 7 "
    "JOIN nodes r3 ON r3.id = back.src "
    "WHERE p.name = $1 AND NOT EXISTS (SELECT 1 FROM edges x "
    "  WHERE x.src = back.src AND x.kind = 6 AND x.dst = p.id)";
// Through reports only (item_kind 2).
constexpr const char* kThreeHop =
    "SELECT DISTINCT r3.id, r3.name "
    "FROM nodes p "
    "JOIN edges sb ON sb.dst = p.id AND sb.kind = 6 "
    "JOIN edges ref ON ref.src = sb.src AND ref.kind = 7 "
    "JOIN nodes i ON i.id = ref.dst AND i.item_kind = 2 "
    "JOIN edges back ON back.dst = ref.dst AND back.kind = 7 "
    "JOIN nodes r3 ON r3.id = back.src "
    "WHERE p.name = $1 AND NOT EXISTS (SELECT 1 FROM edges x "
    "  WHERE x.src = back.src AND x.kind = 6 AND x.dst = p.id)";
constexpr const char* kResolve = "SELECT id FROM nodes WHERE name = $1";

// One engine's way to run a statement: parameters as text, rows as text.
using Rows = std::vector<std::vector<std::string>>;
class Engine {
 public:
  virtual ~Engine() = default;
  virtual void Exec(const std::string& sql) = 0;
  virtual Rows Run(const char* sql, const std::vector<std::string>& params) = 0;
  // One BFS level: (node, neighbour) for every edge touching `frontier`.
  virtual Rows Neighbours(const std::vector<int64_t>& frontier) = 0;
};

class Sqlite final : public Engine {
 public:
  explicit Sqlite(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) Die("sqlite open");
  }
  ~Sqlite() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }
  sqlite3* db() { return db_; }
  void Exec(const std::string& sql) override {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      Die(absl::StrCat("sqlite: ", error ? error : "?", " in ", sql));
    }
  }
  sqlite3_stmt* Prepare(const char* sql) {
    auto it = statements_.find(sql);
    if (it != statements_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK) {
      Die(absl::StrCat("sqlite prepare: ", sqlite3_errmsg(db_), " in ", sql));
    }
    statements_[sql] = stmt;
    return stmt;
  }
  Rows Run(const char* sql, const std::vector<std::string>& params) override {
    sqlite3_stmt* stmt = Prepare(sql);
    sqlite3_reset(stmt);
    for (size_t i = 0; i < params.size(); ++i) {
      sqlite3_bind_text(stmt, static_cast<int>(i + 1), params[i].data(),
                        static_cast<int>(params[i].size()), SQLITE_STATIC);
    }
    Rows rows;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      const int n = sqlite3_column_count(stmt);
      std::vector<std::string> row(n);
      for (int c = 0; c < n; ++c) {
        const unsigned char* text = sqlite3_column_text(stmt, c);
        if (text) row[c] = reinterpret_cast<const char*>(text);
      }
      rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) Die(absl::StrCat("sqlite step: ", sqlite3_errmsg(db_)));
    return rows;
  }
  Rows Neighbours(const std::vector<int64_t>& frontier) override {
    const std::string list = absl::StrCat("[", absl::StrJoin(frontier, ","), "]");
    return Run(
        "SELECT src, dst FROM edges WHERE src IN (SELECT value FROM json_each($1)) "
        "UNION ALL "
        "SELECT dst, src FROM edges WHERE dst IN (SELECT value FROM json_each($1))",
        {list});
  }

 private:
  sqlite3* db_ = nullptr;
  std::map<const char*, sqlite3_stmt*> statements_;
};

class Postgres final : public Engine {
 public:
  explicit Postgres(const std::string& conninfo) {
    conn_ = PQconnectdb(conninfo.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      Die(absl::StrCat("postgres connect: ", PQerrorMessage(conn_)));
    }
  }
  ~Postgres() override { PQfinish(conn_); }
  PGconn* conn() { return conn_; }
  void Exec(const std::string& sql) override {
    PGresult* result = PQexec(conn_, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      Die(absl::StrCat("postgres: ", PQerrorMessage(conn_), " in ", sql));
    }
    PQclear(result);
  }
  Rows Run(const char* sql, const std::vector<std::string>& params) override {
    auto it = prepared_.find(sql);
    if (it == prepared_.end()) {
      const std::string name = absl::StrCat("s", prepared_.size());
      PGresult* result = PQprepare(conn_, name.c_str(), sql, 0, nullptr);
      if (PQresultStatus(result) != PGRES_COMMAND_OK) {
        Die(absl::StrCat("postgres prepare: ", PQerrorMessage(conn_), " in ", sql));
      }
      PQclear(result);
      it = prepared_.emplace(sql, name).first;
    }
    std::vector<const char*> values;
    for (const std::string& p : params) values.push_back(p.c_str());
    PGresult* result = PQexecPrepared(conn_, it->second.c_str(),
                                      static_cast<int>(values.size()),
                                      values.data(), nullptr, nullptr, 0);
    if (PQresultStatus(result) != PGRES_TUPLES_OK) {
      Die(absl::StrCat("postgres: ", PQerrorMessage(conn_), " in ", sql));
    }
    Rows rows(PQntuples(result));
    const int n = PQnfields(result);
    for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
      rows[r].resize(n);
      for (int c = 0; c < n; ++c) rows[r][c] = PQgetvalue(result, r, c);
    }
    PQclear(result);
    return rows;
  }
  Rows Neighbours(const std::vector<int64_t>& frontier) override {
    const std::string list = absl::StrCat("{", absl::StrJoin(frontier, ","), "}");
    return Run(
        "SELECT src, dst FROM edges WHERE src = ANY($1::bigint[]) "
        "UNION ALL "
        "SELECT dst, src FROM edges WHERE dst = ANY($1::bigint[])",
        {list});
  }

 private:
  PGconn* conn_ = nullptr;
  std::map<const char*, std::string> prepared_;
};

// Bidirectional breadth-first search, one statement per level, expanding
// the smaller side: how an application finds a shortest path in SQL (a
// recursive CTE cannot stop at the first meeting and revisits nodes).
// Returns the path length in edges, or -1.
int64_t ShortestPath(Engine& engine, int64_t from, int64_t to, int max_depth) {
  if (from == to) return 0;
  std::unordered_map<int64_t, int> depth_a = {{from, 0}}, depth_b = {{to, 0}};
  std::vector<int64_t> frontier_a = {from}, frontier_b = {to};
  int da = 0, db = 0;
  while (!frontier_a.empty() && !frontier_b.empty() && da + db < max_depth) {
    const bool expand_a = frontier_a.size() <= frontier_b.size();
    auto& frontier = expand_a ? frontier_a : frontier_b;
    auto& mine = expand_a ? depth_a : depth_b;
    auto& other = expand_a ? depth_b : depth_a;
    int& depth = expand_a ? da : db;
    ++depth;
    std::vector<int64_t> next;
    int64_t best = -1;
    for (const auto& row : engine.Neighbours(frontier)) {
      const int64_t neighbour = std::stoll(row[1]);
      auto met = other.find(neighbour);
      if (met != other.end()) {
        const int64_t length = depth + met->second;
        if (best < 0 || length < best) best = length;
      }
      if (mine.emplace(neighbour, depth).second) next.push_back(neighbour);
    }
    if (best >= 0) return best;
    frontier = std::move(next);
  }
  return -1;
}

std::vector<Timing> RunQueries(Engine& engine, const nlohmann::json& manifest,
                               const HarnessOptions& options) {
  std::vector<Timing> timings;
  auto add = [&](const std::string& name, const std::function<int64_t()>& run) {
    timings.push_back(Measure(name, options, run));
    const Timing& t = timings.back();
    std::cerr << name << ": p50 " << t.p50_us << " us, p99 " << t.p99_us
              << " us, rows " << t.rows << "\n";
  };
  const std::string remark = manifest["remark"];
  add("get_node", [&] { return static_cast<int64_t>(engine.Run(kGetNode, {remark}).size()); });
  const std::string meeting = manifest["meeting"];
  add("edges_of_kind",
      [&] { return static_cast<int64_t>(engine.Run(kEdgesOfKind, {meeting}).size()); });
  auto dossier = [&](const std::string& name, int limit) {
    return [&, name, limit] {
      engine.Run(kDossierCounts, {name});
      return static_cast<int64_t>(engine.Run(kDossier, {name, std::to_string(limit)}).size());
    };
  };
  add("dossier_1000", dossier(manifest["dossier_item"], 1000));
  add("dossier_page50", dossier(manifest["dossier_item"], 50));
  add("dossier_supernode_page50", dossier(manifest["supernode"], 50));
  const std::string p2 = manifest["person_2hop"], p3 = manifest["person_3hop"];
  add("two_hop", [&] {
    std::unordered_set<std::string> items;
    for (const auto& row : engine.Run(kTwoHop, {p2})) items.insert(row[2]);
    return static_cast<int64_t>(items.size());
  });
  add("three_hop", [&] { return static_cast<int64_t>(engine.Run(kThreeHop, {p3}).size()); });
  if (manifest.value("three_hop_all", false)) {
    add("three_hop_all",
        [&] { return static_cast<int64_t>(engine.Run(kThreeHopAll, {p2}).size()); });
  }
  const std::string from = manifest["path_from"], to = manifest["path_to"];
  add("shortest_path", [&] {
    const Rows a = engine.Run(kResolve, {from});
    const Rows b = engine.Run(kResolve, {to});
    return ShortestPath(engine, std::stoll(a.at(0).at(0)), std::stoll(b.at(0).at(0)), 8);
  });
  return timings;
}

void ForEachLine(const std::filesystem::path& file,
                 const std::function<void(const std::vector<std::string_view>&)>& f) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);  // Header.
  std::vector<std::string_view> fields;
  while (std::getline(in, line)) {
    fields.clear();
    size_t begin = 0;
    for (size_t comma; (comma = line.find(',', begin)) != std::string::npos; begin = comma + 1) {
      fields.emplace_back(line.data() + begin, comma - begin);
    }
    fields.emplace_back(line.data() + begin, line.size() - begin);
    f(fields);
  }
}

constexpr const char* kCreateTables =
    "CREATE TABLE nodes (id BIGINT PRIMARY KEY, kind SMALLINT NOT NULL, "
    "name TEXT NOT NULL, title TEXT, date TEXT, ordinal INTEGER, "
    "item_kind SMALLINT, outcome SMALLINT, speaker_label TEXT, text TEXT);"
    "CREATE TABLE edges (src BIGINT NOT NULL, kind SMALLINT NOT NULL, "
    "dst BIGINT NOT NULL, stance SMALLINT NOT NULL);";

int SqliteLoad(const std::map<std::string, std::string>& flags) {
  const std::string path = flags.at("--db");
  std::filesystem::remove(path);
  Sqlite db(path);
  const std::filesystem::path csv = flags.at("--csv");
  const double start = NowMicros();
  db.Exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
          "PRAGMA cache_size = -1000000; PRAGMA temp_store = MEMORY;");
  db.Exec("BEGIN");
  db.Exec("CREATE TABLE nodes (id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, "
          "name TEXT NOT NULL, title TEXT, date TEXT, ordinal INTEGER, "
          "item_kind INTEGER, outcome INTEGER, speaker_label TEXT, text TEXT);"
          "CREATE TABLE edges (src INTEGER NOT NULL, kind INTEGER NOT NULL, "
          "dst INTEGER NOT NULL, stance INTEGER NOT NULL, "
          "PRIMARY KEY (src, kind, dst)) WITHOUT ROWID;");
  int64_t records = 0;
  sqlite3_stmt* node = db.Prepare(
      "INSERT INTO nodes VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  ForEachLine(csv / "nodes.csv", [&](const std::vector<std::string_view>& f) {
    sqlite3_reset(node);
    sqlite3_bind_int64(node, 1, std::stoll(std::string(f[0])));
    sqlite3_bind_int(node, 2, std::stoi(std::string(f[1])));
    for (int c = 2; c < 10; ++c) {
      if (c == 5 || c == 6 || c == 7) {
        sqlite3_bind_int(node, c + 1, std::stoi(std::string(f[c])));
      } else if (f[c].empty()) {
        sqlite3_bind_null(node, c + 1);
      } else {
        sqlite3_bind_text(node, c + 1, f[c].data(), static_cast<int>(f[c].size()),
                          SQLITE_STATIC);
      }
    }
    if (sqlite3_step(node) != SQLITE_DONE) Die(sqlite3_errmsg(db.db()));
    ++records;
  });
  // Edges arrive in generation order; the clustered key wants them sorted,
  // so they go through a sorted staging pass in memory.
  std::vector<std::array<int64_t, 4>> edges;
  ForEachLine(csv / "edges.csv", [&](const std::vector<std::string_view>& f) {
    edges.push_back({std::stoll(std::string(f[0])), std::stoll(std::string(f[1])),
                     std::stoll(std::string(f[2])), std::stoll(std::string(f[3]))});
  });
  std::sort(edges.begin(), edges.end());
  sqlite3_stmt* edge = db.Prepare("INSERT INTO edges VALUES (?1, ?2, ?3, ?4)");
  for (const auto& e : edges) {
    sqlite3_reset(edge);
    for (int c = 0; c < 4; ++c) sqlite3_bind_int64(edge, c + 1, e[c]);
    if (sqlite3_step(edge) != SQLITE_DONE) Die(sqlite3_errmsg(db.db()));
    ++records;
  }
  const double rows_done = NowMicros();
  db.Exec("CREATE UNIQUE INDEX nodes_name ON nodes (name);"
          "CREATE INDEX edges_in ON edges (dst, kind, src, stance);"
          "CREATE VIRTUAL TABLE remark_text USING fts5(text, content='nodes', "
          "content_rowid='id', tokenize='trigram');"
          "INSERT INTO remark_text (rowid, text) SELECT id, text FROM nodes WHERE kind = 5;");
  db.Exec("COMMIT");
  db.Exec("ANALYZE");
  const double end = NowMicros();
  nlohmann::json out = {{"engine", "sqlite"},
                        {"records", records},
                        {"seconds", (end - start) / 1e6},
                        {"rows_seconds", (rows_done - start) / 1e6},
                        {"records_per_second", records / ((end - start) / 1e6)},
                        {"disk_bytes", std::filesystem::file_size(path)}};
  std::ofstream(flags.at("--out")) << out.dump(2) << "\n";
  std::cout << out.dump() << "\n";
  return 0;
}

void CopyFile(PGconn* conn, const std::string& table, const std::filesystem::path& file) {
  PGresult* result = PQexec(
      conn, absl::StrCat("COPY ", table, " FROM STDIN WITH (FORMAT csv, HEADER true)").c_str());
  if (PQresultStatus(result) != PGRES_COPY_IN) Die(PQerrorMessage(conn));
  PQclear(result);
  std::ifstream in(file, std::ios::binary);
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const std::streamsize n = in.gcount();
    if (n > 0 && PQputCopyData(conn, buffer.data(), static_cast<int>(n)) != 1) {
      Die(PQerrorMessage(conn));
    }
  }
  if (PQputCopyEnd(conn, nullptr) != 1) Die(PQerrorMessage(conn));
  result = PQgetResult(conn);
  if (PQresultStatus(result) != PGRES_COMMAND_OK) Die(PQerrorMessage(conn));
  PQclear(result);
}

int PostgresLoad(const std::map<std::string, std::string>& flags) {
  Postgres db(flags.at("--conninfo"));
  const std::filesystem::path csv = flags.at("--csv");
  db.Exec("DROP TABLE IF EXISTS edges; DROP TABLE IF EXISTS nodes;");
  db.Exec("CREATE EXTENSION IF NOT EXISTS pg_trgm");
  const double start = NowMicros();
  // Tables created in the COPY's transaction skip the WAL (wal_level
  // minimal): PostgreSQL's fastest bulk path.
  db.Exec("BEGIN");
  db.Exec(kCreateTables);
  CopyFile(db.conn(), "nodes", csv / "nodes.csv");
  CopyFile(db.conn(), "edges", csv / "edges.csv");
  db.Exec("COMMIT");
  const double copied = NowMicros();
  db.Exec("SET maintenance_work_mem = '1GB'");
  db.Exec("CREATE UNIQUE INDEX nodes_name ON nodes (name)");
  db.Exec("CREATE INDEX edges_out ON edges (src, kind, dst) INCLUDE (stance)");
  db.Exec("CREATE INDEX edges_in ON edges (dst, kind, src) INCLUDE (stance)");
  db.Exec("CREATE INDEX nodes_text ON nodes USING gin (text gin_trgm_ops) WHERE kind = 5");
  db.Exec("VACUUM ANALYZE nodes");
  db.Exec("VACUUM ANALYZE edges");
  const double end = NowMicros();
  const Rows count = db.Run("SELECT (SELECT count(*) FROM nodes) + (SELECT count(*) FROM edges)", {});
  const int64_t records = std::stoll(count.at(0).at(0));
  const Rows size = db.Run("SELECT pg_database_size(current_database())", {});
  nlohmann::json out = {{"engine", "postgres"},
                        {"records", records},
                        {"seconds", (end - start) / 1e6},
                        {"copy_seconds", (copied - start) / 1e6},
                        {"records_per_second", records / ((end - start) / 1e6)},
                        {"copy_records_per_second", records / ((copied - start) / 1e6)},
                        {"disk_bytes", std::stoll(size.at(0).at(0))}};
  std::ofstream(flags.at("--out")) << out.dump(2) << "\n";
  std::cout << out.dump() << "\n";
  return 0;
}

int Query(Engine& engine, const std::string& name, const char* search_sql,
          const std::map<std::string, std::string>& flags) {
  std::ifstream manifest_file(flags.at("--manifest"));
  const nlohmann::json manifest = nlohmann::json::parse(manifest_file);
  HarnessOptions options;
  if (flags.count("--seconds")) options.max_seconds = std::stod(flags.at("--seconds"));
  std::vector<Timing> timings = RunQueries(engine, manifest, options);
  const std::string word = manifest["search_word"];
  timings.push_back(Measure("text_search", options, [&] {
    return static_cast<int64_t>(engine.Run(search_sql, {word}).size());
  }));
  std::cerr << "text_search: p50 " << timings.back().p50_us << " us, rows "
            << timings.back().rows << "\n";
  nlohmann::json out = {{"engine", name}, {"queries", nlohmann::json::array()}};
  for (const Timing& t : timings) out["queries"].push_back(ToJson(t));
  std::ofstream(flags.at("--out")) << out.dump(2) << "\n";
  return 0;
}

int Main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: rg_bench_sql sqlite|postgres load|query --flag value ...\n";
    return 2;
  }
  std::map<std::string, std::string> flags;
  for (int i = 3; i + 1 < argc; i += 2) flags[argv[i]] = argv[i + 1];
  const std::string engine = argv[1], command = argv[2];
  try {
    if (engine == "sqlite" && command == "load") return SqliteLoad(flags);
    if (engine == "postgres" && command == "load") return PostgresLoad(flags);
    if (engine == "sqlite" && command == "query") {
      Sqlite db(flags.at("--db"));
      db.Exec("PRAGMA cache_size = -1000000");
      return Query(db, "sqlite",
                   "SELECT n.id, n.name FROM remark_text JOIN nodes n ON n.id = remark_text.rowid "
                   "WHERE remark_text MATCH '\"' || $1 || '\"' ORDER BY remark_text.rowid LIMIT 50",
                   flags);
    }
    if (engine == "postgres" && command == "query") {
      Postgres db(flags.at("--conninfo"));
      return Query(db, "postgres",
                   "SELECT id, name FROM nodes WHERE kind = 5 AND text LIKE '%' || $1 || '%' "
                   "ORDER BY id LIMIT 50",
                   flags);
    }
  } catch (const std::exception& e) {
    Die(std::string("error: ") + e.what());
  }
  std::cerr << "unknown command\n";
  return 2;
}

}  // namespace
}  // namespace remarkgraph::bench

int main(int argc, char** argv) { return remarkgraph::bench::Main(argc, argv); }
