package org.remarkgraph.bench;

import java.nio.file.Path;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Opens the Neo4j home that {@link Loader} filled: the database "neo4j" in
 * HOME/data/databases, where `neo4j-admin database import` writes it. The same
 * settings serve the in-process runs and the Bolt server.
 */
final class Dbms {
  /** Page cache: the whole store at S and M fits; the JVM heap is set apart (-Xmx). */
  static final long PAGE_CACHE_BYTES = ByteUnit.gibiBytes(3);

  private Dbms() {}

  /** Opens HOME; with {@code boltPort} > 0, also serves Bolt on 127.0.0.1:boltPort. */
  static DatabaseManagementService open(Path home, int boltPort) {
    DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
        .setConfig(GraphDatabaseSettings.pagecache_memory, PAGE_CACHE_BYTES)
        .setConfig(GraphDatabaseSettings.auth_enabled, false)
        .setConfig(BoltConnector.enabled, boltPort > 0);
    if (boltPort > 0) {
      builder.setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", boltPort))
          .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED);
    }
    DatabaseManagementService dbms = builder.build();
    Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown));
    return dbms;
  }
}
