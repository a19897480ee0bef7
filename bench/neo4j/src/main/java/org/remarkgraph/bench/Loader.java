package org.remarkgraph.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.neo4j.cli.AdminTool;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;

/**
 * Loads the corpus Neo4j's fastest way: `neo4j-admin database import full`
 * (the offline bulk importer, run in this JVM through the admin tool's entry
 * point) from the per-kind CSV files rg_corpus writes for Kùzu, with header
 * files written beside them; then a unique name constraint per label (the
 * lookups' index, as Kùzu's primary key) and a text index on remark text,
 * waited for until online. Timed until queryable.
 */
final class Loader {
  private static final String NODE_HEADER =
      "name:ID,title,date,ordinal:int,item_kind:int,outcome:int,speaker_label,text";

  private Loader() {}

  static Map<String, Object> load(Path home, Path csvDir, String offHeapMemory)
      throws IOException {
    deleteTree(home);
    Path conf = Files.createDirectories(home.resolve("conf"));
    Files.writeString(conf.resolve("neo4j.conf"), "");
    Path headers = Files.createDirectories(home.resolve("import-headers"));
    List<String> args = new ArrayList<>(List.of(
        "database", "import", "full", "neo4j", "--overwrite-destination=true",
        "--max-off-heap-memory=" + offHeapMemory, "--high-parallel-io=on",
        "--report-file=" + home.resolve("import.report")));
    List<String> labels = new ArrayList<>();
    try (Stream<Path> files = Files.list(csvDir.resolve("kuzu"))) {
      for (Path file : files.sorted().toList()) {
        String base = file.getFileName().toString().replaceFirst("\\.csv$", "");
        if (Files.size(file) == 0) continue;
        if (base.startsWith("node_")) {
          String label = base.substring(5);
          labels.add(label);
          Path header = headers.resolve(base + ".csv");
          Files.writeString(header, NODE_HEADER + "\n");
          args.add("--nodes=" + label + "=" + header + "," + file);
        } else if (base.startsWith("edge_")) {
          Path header = headers.resolve(base + ".csv");
          // REFERENCES carries a stance: from,to,stance.
          String first;
          try (Stream<String> lines = Files.lines(file)) {
            first = lines.findFirst().orElse("");
          }
          boolean stance = first.split(",", -1).length == 3;
          Files.writeString(header, ":START_ID,:END_ID" + (stance ? ",stance:int" : "") + "\n");
          args.add("--relationships=" + base.substring(5) + "=" + header + "," + file);
        }
      }
    }

    final long start = System.nanoTime();
    PrintStream importLog = new PrintStream(Files.newOutputStream(home.resolve("import.log")));
    ExecutionContext context = new ExecutionContext(home, conf, importLog, System.err,
                                                    new DefaultFileSystemAbstraction());
    int status = AdminTool.execute(context, args.toArray(String[]::new));
    importLog.close();
    if (status != 0) {
      throw new IOException("neo4j-admin database import failed (" + status + "); see "
                            + home.resolve("import.log"));
    }
    final long imported = System.nanoTime();

    DatabaseManagementService dbms = Dbms.open(home, 0);
    long nodes;
    long relationships;
    final long indexed;
    try {
      GraphDatabaseService db = dbms.database("neo4j");
      try (Transaction tx = db.beginTx()) {
        for (String label : labels) {
          tx.execute("CREATE CONSTRAINT name_" + label + " FOR (n:`" + label
                     + "`) REQUIRE n.name IS UNIQUE");
        }
        tx.execute("CREATE TEXT INDEX remark_text FOR (n:REMARK) ON (n.text)");
        tx.commit();
      }
      try (Transaction tx = db.beginTx()) {
        tx.schema().awaitIndexesOnline(2, TimeUnit.HOURS);
        tx.commit();
      }
      indexed = System.nanoTime();
      try (Transaction tx = db.beginTx()) {
        nodes = (Long) tx.execute("MATCH (n) RETURN count(n) AS c").next().get("c");
        relationships =
            (Long) tx.execute("MATCH ()-[r]->() RETURN count(r) AS c").next().get("c");
        tx.commit();
      }
    } finally {
      dbms.shutdown();
    }
    double seconds = (indexed - start) / 1e9;
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("engine", "neo4j");
    result.put("method", "neo4j-admin database import full, then constraints and a text index");
    result.put("records", nodes + relationships);
    result.put("nodes", nodes);
    result.put("relationships", relationships);
    result.put("seconds", seconds);
    result.put("import_seconds", (imported - start) / 1e9);
    result.put("index_seconds", (indexed - imported) / 1e9);
    result.put("records_per_second", (nodes + relationships) / seconds);
    return result;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
