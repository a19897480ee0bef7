package org.remarkgraph.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.graphdb.Entity;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Result;
import org.neo4j.graphdb.Transaction;

/** Cypher in the same JVM as the database (the in-process table). */
final class EmbeddedRunner implements CypherRunner {
  private final GraphDatabaseService db;

  EmbeddedRunner(GraphDatabaseService db) {
    this.db = db;
  }

  @Override
  public List<Map<String, Object>> run(String cypher, Map<String, Object> params) {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Transaction tx = db.beginTx(); Result result = tx.execute(cypher, params)) {
      while (result.hasNext()) {
        Map<String, Object> row = new LinkedHashMap<>(result.next());
        // Entities are read lazily: read their properties while the transaction
        // is open, as a client of a server receives them.
        row.replaceAll((column, value) ->
            value instanceof Entity entity ? entity.getAllProperties() : value);
        rows.add(row);
      }
      tx.commit();
    }
    return rows;
  }

  @Override
  public void close() {}
}
