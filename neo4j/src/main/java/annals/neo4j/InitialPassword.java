package annals.neo4j;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Transaction;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.CommunitySecurityModule;
import org.neo4j.server.security.auth.FileUserRepository;
import org.neo4j.server.security.systemgraph.versions.KnownCommunitySecurityComponentVersion;

/**
 * Gives user neo4j the password of the data directory, without a moment on the default one.
 * Before start, an auth.ini (what `neo4j-admin dbms set-initial-password` writes) makes Neo4j create
 * the user with that password in a new system database, and replace the default password "neo4j"
 * of a database created while auth was off. After start, ALTER USER covers a database whose
 * password is something else (e.g. the auth file was deleted and a new one made).
 */
final class InitialPassword {
  private InitialPassword() {}

  static final String USER = "neo4j";

  private static Path authIni(Path home) {
    return CommunitySecurityModule.getInitialUserRepositoryFile(
        Config.newBuilder().set(GraphDatabaseSettings.neo4j_home, home).build());
  }

  /** Writes auth.ini with a salted hash of the password (never the password itself). */
  static void prepare(Path home, String password) throws Exception {
    Path file = authIni(home);
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    FileUserRepository repo = new FileUserRepository(
        new DefaultFileSystemAbstraction(), file, NullLogProvider.getInstance(), EmptyMemoryTracker.INSTANCE);
    repo.start();
    repo.create(new User(USER, null,
        SystemGraphCredential.createCredentialForPassword(password.getBytes(StandardCharsets.UTF_8), new SecureHasher()),
        false, false));
    repo.shutdown();
  }

  /**
   * Sets the password through the embedded API (which needs no login) unless it already matches.
   * The check reads user neo4j's stored credential through the core API: a restart, where the
   * password matches, runs no Cypher (the first Cypher statement of a JVM costs seconds to compile).
   */
  static void sync(DatabaseManagementService dbms, Path home, String password) throws Exception {
    if (matches(dbms, password)) {
      Files.deleteIfExists(authIni(home));
      return;
    }
    try {
      dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
          "ALTER USER " + USER + " SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
    } catch (QueryExecutionException e) {
      // Neo4j refuses to "change" a password to itself: then it is already the right one.
      if (e.getMessage() == null || !e.getMessage().contains("cannot be the same")) {
        throw e;
      }
    }
    Files.deleteIfExists(authIni(home));
  }

  /** Whether user neo4j exists in the system graph with this password (false when unsure). */
  private static boolean matches(DatabaseManagementService dbms, String password) {
    GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
    try (Transaction tx = system.beginTx()) {
      Node user = tx.findNode(KnownCommunitySecurityComponentVersion.USER_LABEL, KnownCommunitySecurityComponentVersion.USER_NAME, USER);
      if (user == null || !(user.getProperty(KnownCommunitySecurityComponentVersion.USER_CREDENTIALS, null) instanceof String stored)) {
        return false;
      }
      if (Boolean.TRUE.equals(user.getProperty(KnownCommunitySecurityComponentVersion.USER_EXPIRED, false))) {
        return false;
      }
      return SystemGraphCredential.deserialize(stored, new SecureHasher())
          .matchesPassword(password.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      // An unexpected shape of the system graph: ALTER USER decides.
      return false;
    }
  }
}
