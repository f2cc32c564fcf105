package annals.neo4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.Transaction;
import org.neo4j.io.ByteUnit;

/**
 * Starts Neo4j Community embedded with Bolt on 127.0.0.1 and auth on: loopback is shared by every
 * local account, so user neo4j needs the password the parent writes as the first line of stdin
 * (never an argument: arguments are visible to all users in ps). No LOAD CSV from file URLs, and
 * Bolt connections that do not start with the Bolt preamble (WebSocket upgrades) are closed.
 * Usage: Launcher --data DIR [--port 7687] [--page-cache-mb 128] [--tx-timeout-s 60] [--plugins DIR]
 * With --plugins (benches only), procedures load from the jars in DIR and apoc.* runs unrestricted.
 * Prints exactly one line starting with "ANNALS_NEO4J_READY" once Bolt accepts connections.
 * Shuts the database down cleanly on SIGTERM/SIGINT, and when stdin reaches EOF (parent died).
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Throwable e) {
      // A failed start must end the JVM: Neo4j's own threads would otherwise keep it alive without
      // a ready line, and its parent would wait forever. The trace goes to stderr (annals-neo4j.log).
      e.printStackTrace();
      System.err.flush();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    Map<String, String> opts = parse(args);
    String data = opts.get("data");
    if (data == null) {
      System.err.println("usage: Launcher --data DIR [--port 7687] [--page-cache-mb 128] [--tx-timeout-s 60] [--plugins DIR]");
      System.exit(2);
    }
    int port = Integer.parseInt(opts.getOrDefault("port", "7687"));
    long pageCacheMb = Long.parseLong(opts.getOrDefault("page-cache-mb", "128"));
    long txTimeoutS = Long.parseLong(opts.getOrDefault("tx-timeout-s", "60"));
    String password = readLine(System.in);
    if (password.isEmpty()) {
      System.err.println("Launcher: the first line of stdin must be the password of user neo4j");
      System.exit(2);
    }
    Path home = Path.of(data).toAbsolutePath();
    InitialPassword.prepare(home, password);

    DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
        .setConfig(BoltConnector.enabled, true)
        .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
        .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
        .setConfig(GraphDatabaseSettings.auth_enabled, true)
        // LOAD CSV FROM 'file:///…' would read any file the JVM can (as root: /etc/shadow).
        .setConfig(GraphDatabaseSettings.allow_file_urls, false)
        // No lockout after failed logins: any local user could otherwise lock the server out with
        // three wrong passwords, and guessing 256 random bits needs no rate limit to fail.
        .setConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0)
        // No usage report to Neo4j Inc.: an embedded single-user store has nothing to tell it, and its
        // collector is one more thread to start.
        .setConfig(GraphDatabaseSettings.udc_enabled, false)
        .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
        .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(txTimeoutS))
        // Bolt's event loops otherwise wait a 5 s quiet period on shutdown; the driver is closed first anyway.
        .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
        .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5));
    String plugins = opts.get("plugins");
    if (plugins != null) {
      builder
          .setConfig(GraphDatabaseSettings.plugin_dir, Path.of(plugins).toAbsolutePath())
          .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"));
    }
    DatabaseManagementService dbms = builder.build();
    BoltOnly.install(dbms);
    InitialPassword.sync(dbms, home, password);

    Thread shutdown = new Thread(() -> {
      dbms.shutdown();
      System.out.println("ANNALS_NEO4J_STOPPED");
      System.out.flush();
    }, "annals-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);

    // Open a transaction on the default database so that it is online before we announce readiness
    // (through the core API: no Cypher to compile before the first real statement).
    try (Transaction tx = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).beginTx()) {
      tx.commit();
    }
    System.out.println("ANNALS_NEO4J_READY bolt://127.0.0.1:" + port);
    System.out.flush();

    // The parent holds our stdin open; EOF means it is gone, so no orphan JVM survives it.
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // keep reading until the pipe closes
        }
      } catch (IOException ignored) {
        // a broken pipe means the parent is gone as well
      }
      System.exit(0);
    }, "annals-parent-watch");
    watcher.setDaemon(true);
    watcher.start();
    Thread.currentThread().join();
  }

  /** One line read byte by byte, so that nothing after it is buffered away from the EOF watcher. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      line.write(b);
    }
    return line.toString(StandardCharsets.UTF_8).trim();
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: " + args[i]);
      }
      out.put(args[i].substring(2), args[i + 1]);
    }
    return out;
  }
}
