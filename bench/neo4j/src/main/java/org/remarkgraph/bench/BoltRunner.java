package org.remarkgraph.bench;

import java.util.List;
import java.util.Map;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

/**
 * Cypher over Bolt with the Neo4j Java driver (the service table): one
 * connection, one auto-commit transaction per query, every record received
 * before the query counts as done.
 */
final class BoltRunner implements CypherRunner {
  private final Driver driver;
  private final Session session;

  BoltRunner(String uri) {
    driver = GraphDatabase.driver(uri, AuthTokens.none(),
                                  Config.builder().withoutEncryption().build());
    driver.verifyConnectivity();
    session = driver.session();
  }

  @Override
  public List<Map<String, Object>> run(String cypher, Map<String, Object> params) {
    return session.run(cypher, params).list(Record::asMap);
  }

  @Override
  public void close() {
    session.close();
    driver.close();
  }
}
