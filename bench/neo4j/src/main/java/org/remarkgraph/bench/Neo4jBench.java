package org.remarkgraph.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.dbms.api.DatabaseManagementService;

/**
 * Neo4j 5 Community on the benchmark corpus, timed like the other peers
 * (bench/harness.h), writing the JSON bench/report.py reads.
 *
 * <pre>
 *   neo4j-bench load  --db HOME --csv CSV_DIR --out LOAD.json [--off-heap 2G]
 *   neo4j-bench query --db HOME --manifest MANIFEST.json --out QUERY.json [--seconds N]
 *                     [--warmup N]
 *   neo4j-bench serve --db HOME --port PORT
 *   neo4j-bench query --bolt bolt://127.0.0.1:PORT --manifest ... --out ... [--seconds N]
 * </pre>
 *
 * load: the bulk importer, then indexes (see {@link Loader}). query with --db:
 * embedded, in this JVM (the in-process table, engine "neo4j"). serve: the
 * same database in this JVM with the Bolt connector on 127.0.0.1:PORT and no
 * authentication, until stopped (SIGTERM shuts it down cleanly); prints
 * "ready" once it accepts connections. query with --bolt: the Java driver
 * against such a server (the service table, engine "neo4j_bolt"). Each query
 * runs untimed for --warmup seconds (default 1) before the timed runs.
 */
public final class Neo4jBench {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Neo4jBench() {}

  public static void main(String[] argv) throws Exception {
    if (argv.length < 1) usage();
    Map<String, String> flags = new HashMap<>();
    for (int i = 1; i + 1 < argv.length; i += 2) {
      if (!argv[i].startsWith("--")) usage();
      flags.put(argv[i].substring(2), argv[i + 1]);
    }
    switch (argv[0]) {
      case "load" -> {
        Map<String, Object> result = Loader.load(path(flags, "db"), path(flags, "csv"),
                                                 flags.getOrDefault("off-heap", "2G"));
        write(Path.of(need(flags, "out")), result);
        System.out.println(JSON.writeValueAsString(result));
      }
      case "query" -> query(flags);
      case "serve" -> {
        DatabaseManagementService dbms =
            Dbms.open(path(flags, "db"), Integer.parseInt(need(flags, "port")));
        dbms.database("neo4j");  // Started; Bolt accepts connections from now on.
        System.out.println("ready");
        System.out.flush();
        Thread.currentThread().join();  // Until SIGTERM (the shutdown hook stops the DBMS).
      }
      default -> usage();
    }
    System.exit(0);
  }

  private static void query(Map<String, String> flags) throws Exception {
    JsonNode manifest = JSON.readTree(Path.of(need(flags, "manifest")).toFile());
    double seconds = Double.parseDouble(flags.getOrDefault("seconds", "1"));
    double warmUp = Double.parseDouble(flags.getOrDefault("warmup", "1"));
    String engine;
    CypherRunner runner;
    DatabaseManagementService dbms = null;
    if (flags.containsKey("bolt")) {
      engine = "neo4j_bolt";
      runner = new BoltRunner(flags.get("bolt"));
    } else {
      engine = "neo4j";
      dbms = Dbms.open(path(flags, "db"), 0);
      runner = new EmbeddedRunner(dbms.database("neo4j"));
    }
    try {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("engine", engine);
      result.put("version", runner.version());
      result.put("warmup_seconds_per_query", warmUp);
      result.put("queries",
                 Queries.timeAll(runner, manifest, seconds, warmUp).stream()
                     .map(Harness.Timing::toJson).toList());
      write(Path.of(need(flags, "out")), result);
    } finally {
      runner.close();
      if (dbms != null) dbms.shutdown();
    }
  }

  private static void write(Path out, Map<String, Object> json) throws IOException {
    Files.writeString(out, JSON.writeValueAsString(json) + "\n");
  }

  /** A path flag, made absolute: Neo4j refuses a relative home directory. */
  private static Path path(Map<String, String> flags, String name) {
    return Path.of(need(flags, name)).toAbsolutePath();
  }

  private static String need(Map<String, String> flags, String name) {
    String value = flags.get(name);
    if (value == null) {
      System.err.println("neo4j-bench: --" + name + " is required");
      usage();
    }
    return value;
  }

  private static void usage() {
    System.err.println(
        "usage: neo4j-bench load --db HOME --csv DIR --out FILE [--off-heap 2G]\n"
        + "       neo4j-bench query (--db HOME | --bolt URI) --manifest FILE --out FILE"
        + " [--seconds N] [--warmup N]\n"
        + "       neo4j-bench serve --db HOME --port PORT");
    System.exit(2);
  }
}
