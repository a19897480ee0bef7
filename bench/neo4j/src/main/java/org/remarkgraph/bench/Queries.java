package org.remarkgraph.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The benchmark's queries in Cypher, in the shapes bench/kuzu_bench.js gives
 * Kùzu, with the seeds of the corpus manifest. Each returns the row count the
 * other engines report for it, so that the report can cross-check them.
 */
final class Queries {
  private Queries() {}

  /**
   * Times every query with {@code runner}, {@code seconds} per query, after a
   * pass that runs each query untimed for {@code warmUpSeconds} (a JVM compiles
   * its hot code only after many calls: the harness's two warm-up runs leave
   * Neo4j's code interpreted).
   */
  static List<Harness.Timing> timeAll(CypherRunner runner, JsonNode manifest, double seconds,
                                      double warmUpSeconds) {
    if (warmUpSeconds > 0) {
      queries(runner, manifest, (name, run) -> Harness.warmUp(warmUpSeconds, run));
    }
    List<Harness.Timing> timings = new ArrayList<>();
    queries(runner, manifest, (name, run) -> timings.add(Harness.measure(name, seconds, run)));
    return timings;
  }

  private static void queries(CypherRunner runner, JsonNode manifest, Timer time) {
    time.add("get_node", () -> runner.run(
        "MATCH (r:REMARK {name: $name}) RETURN r",
        Map.of("name", text(manifest, "remark"))).size());
    time.add("edges_of_kind", () -> runner.run(
        "MATCH (r:REMARK)-[:IN_MEETING]->(m:MEETING {name: $name}) "
            + "RETURN r.name ORDER BY r.name LIMIT 100",
        Map.of("name", text(manifest, "meeting"))).size());
    time.add("dossier_1000", dossier(runner, text(manifest, "dossier_item"), 1000));
    time.add("dossier_page50", dossier(runner, text(manifest, "dossier_item"), 50));
    time.add("dossier_supernode_page50", dossier(runner, text(manifest, "supernode"), 50));
    time.add("two_hop", () -> {
      List<Map<String, Object>> rows = runner.run(
          "MATCH (p:PERSON {name: $name})<-[:SPOKEN_BY]-(r:REMARK)-[:REFERENCES]->(i:ITEM) "
              + "RETURN r.name, i.name, i.title",
          Map.of("name", text(manifest, "person_2hop")));
      Set<Object> items = new HashSet<>();
      for (Map<String, Object> row : rows) items.add(row.get("i.name"));
      return items.size();
    });
    time.add("three_hop", threeHop(runner, text(manifest, "person_3hop"), true));
    if (manifest.path("three_hop_all").asBoolean(false)) {
      time.add("three_hop_all", threeHop(runner, text(manifest, "person_2hop"), false));
    }
    // Kùzu's `[* SHORTEST 1..8]`: one shortest path over edges of any kind and
    // either direction, at most 8 hops.
    time.add("shortest_path", () -> {
      List<Map<String, Object>> rows = runner.run(
          "MATCH (a:PERSON {name: $a}), (b:PERSON {name: $b}) "
              + "MATCH p = shortestPath((a)-[*1..8]-(b)) RETURN length(p) AS n",
          Map.of("a", text(manifest, "path_from"), "b", text(manifest, "path_to")));
      return rows.isEmpty() ? -1 : ((Number) rows.get(0).get("n")).longValue();
    });
    time.add("text_search", () -> runner.run(
        "MATCH (r:REMARK) WHERE r.text CONTAINS $word "
            + "RETURN r.name ORDER BY r.name LIMIT 50",
        Map.of("word", text(manifest, "search_word"))).size());
  }

  private interface Timer {
    void add(String name, LongSupplier run);
  }

  private static String text(JsonNode manifest, String field) {
    JsonNode value = manifest.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("manifest: no string field " + field);
    }
    return value.asText();
  }

  /** The dossier: stance counts over all references, then one page of rows. */
  private static LongSupplier dossier(CypherRunner runner, String name, int limit) {
    return () -> {
      runner.run("MATCH (s:ITEM {name: $name})<-[e:REFERENCES]-(r:REMARK) "
                     + "RETURN e.stance, count(DISTINCT r)",
                 Map.of("name", name));
      return runner.run(
          "MATCH (s:ITEM {name: $name})<-[e:REFERENCES]-(r:REMARK)-[:IN_MEETING]->(m:MEETING) "
              + "OPTIONAL MATCH (r)-[:SPOKEN_BY]->(p:PERSON) "
              + "RETURN r.name, r.ordinal, r.text, r.speaker_label, e.stance, p.name, p.title, "
              + "m.name, m.date ORDER BY m.date DESC, m.name, r.ordinal LIMIT " + limit,
          Map.of("name", name)).size();
    };
  }

  /** Other people's remarks on the items a person's remarks refer to. */
  private static LongSupplier threeHop(CypherRunner runner, String name, boolean reportsOnly) {
    final String cypher =
        "MATCH (p:PERSON {name: $name})<-[:SPOKEN_BY]-(r:REMARK)-[:REFERENCES]->(i:ITEM)"
            + "<-[:REFERENCES]-(r3:REMARK) "
            + "WHERE " + (reportsOnly ? "i.item_kind = 2 AND " : "")
            + "NOT EXISTS { MATCH (r3)-[:SPOKEN_BY]->(p) } RETURN DISTINCT r3.name";
    return () -> runner.run(cypher, Map.of("name", name)).size();
  }
}
