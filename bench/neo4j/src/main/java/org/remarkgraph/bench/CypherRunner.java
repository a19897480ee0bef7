package org.remarkgraph.bench;

import java.util.List;
import java.util.Map;

/**
 * Runs one Cypher statement in its own read transaction and returns every row,
 * materialised (node values with all their properties), as the other peers'
 * clients return theirs.
 */
interface CypherRunner extends AutoCloseable {
  List<Map<String, Object>> run(String cypher, Map<String, Object> params);

  /** The server's version, as dbms.components() reports it. */
  default String version() {
    List<Map<String, Object>> rows =
        run("CALL dbms.components() YIELD versions RETURN versions[0] AS v", Map.of());
    return rows.isEmpty() ? "unknown" : String.valueOf(rows.get(0).get("v"));
  }

  @Override
  void close();
}
