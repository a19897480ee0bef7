// rg_corpus: writes the benchmark corpus as CSV files, for the engines that
// load it their own fastest way (PostgreSQL and Kùzu COPY, SQLite inserts).
//
//   rg_corpus --size S --out DIR     (XS, S, M, L or a remark count)
//
// DIR/nodes.csv    id,kind,name,title,date,ordinal,item_kind,outcome,
//                  speaker_label,text  (one table, for SQL)
// DIR/edges.csv    src,kind,dst,stance (for SQL)
// DIR/kuzu/NODEKIND.csv  name,title,date,ordinal,item_kind,outcome,
//                  speaker_label,text  (a node table per kind, name as key)
// DIR/kuzu/EDGEKIND.csv  from_name,to_name[,stance]
// DIR/manifest.json  counts and query seeds (see CorpusManifest).
// No field contains a comma, a quote or a line break, by construction.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/corpus.h"

namespace remarkgraph::bench {
namespace {

class CsvSink final : public CorpusSink {
 public:
  explicit CsvSink(const std::filesystem::path& dir) : dir_(dir) {
    std::filesystem::create_directories(dir / "kuzu");
    nodes_.open(dir / "nodes.csv");
    edges_.open(dir / "edges.csv");
    nodes_ << "id,kind,name,title,date,ordinal,item_kind,outcome,speaker_label,text\n";
    edges_ << "src,kind,dst,stance\n";
  }

  void Node(const GenNode& n) override {
    names_.push_back(n.name);
    const std::string fields =
        absl::StrCat(n.title, ",", n.date, ",", n.ordinal, ",", n.item_kind,
                     ",", n.outcome, ",", n.speaker_label, ",", n.text, "\n");
    nodes_ << n.id << ',' << static_cast<int>(n.kind) << ',' << n.name << ','
           << fields;
    File("node_" + std::string(storage::NodeKindName(n.kind)))
        << n.name << ',' << fields;
  }

  void Edge(const GenEdge& e) override {
    edges_ << e.source << ',' << static_cast<int>(e.kind) << ',' << e.target
           << ',' << e.stance << '\n';
    std::ofstream& out = File("edge_" + std::string(storage::EdgeKindName(e.kind)));
    out << names_[e.source - 1] << ',' << names_[e.target - 1];
    if (e.kind == storage::EdgeKind::kReferences) out << ',' << e.stance;
    out << '\n';
  }

 private:
  std::ofstream& File(const std::string& name) {
    auto it = files_.find(name);
    if (it == files_.end()) {
      it = files_.emplace(name, std::make_unique<std::ofstream>(
                                    dir_ / "kuzu" / (name + ".csv"))).first;
    }
    return *it->second;
  }

  std::filesystem::path dir_;
  std::ofstream nodes_, edges_;
  std::map<std::string, std::unique_ptr<std::ofstream>> files_;
  std::vector<std::string> names_;
};

int Main(int argc, char** argv) {
  std::string size = "S";
  std::string out;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--size") size = argv[i + 1];
    else if (flag == "--out") out = argv[i + 1];
  }
  if (out.empty()) {
    std::cerr << "usage: rg_corpus --size XS|S|M|L|N --out DIR\n";
    return 2;
  }
  CorpusManifest manifest;
  {
    CsvSink sink(out);
    manifest = GenerateCorpus(CorpusForSize(size), sink);
  }
  std::ofstream(std::filesystem::path(out) / "manifest.json") << manifest.ToJson() << "\n";
  std::cout << manifest.ToJson() << "\n";
  return 0;
}

}  // namespace
}  // namespace remarkgraph::bench

int main(int argc, char** argv) { return remarkgraph::bench::Main(argc, argv); }
