// Package dev.geokg.neo4jdev runs an embedded Neo4j Community server with a
// Bolt connector on the loopback interface, for development and CI on machines
// without Docker. Authentication is enabled: the built-in user "neo4j" gets the
// password from NEO4J_PASSWORD on every start.
//
// Usage: java -cp 'target/classes:target/lib/*' dev.geokg.neo4jdev.Main [port]
//
// Environment:
//   NEO4J_DEV_HOME       server home (databases, logs); default ".neo4j-dev"
//   NEO4J_DEV_BOLT_PORT  Bolt port when no argument is given; default 7687
//   NEO4J_PASSWORD       password of user "neo4j" (>= 8 chars); default "geokg-dev-password"
//   NEO4J_DEV_PAGECACHE  page cache size, e.g. "256m"; default "256m"
package dev.geokg.neo4jdev;

import java.nio.file.Path;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.Version;

public final class Main {
    private static final String HOST = "127.0.0.1";
    private static final String USER = "neo4j";
    private static final int MIN_PASSWORD_LENGTH = 8;

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        Path home = Path.of(env("NEO4J_DEV_HOME", ".neo4j-dev")).toAbsolutePath();
        int port = Integer.parseInt(args.length > 0 ? args[0] : env("NEO4J_DEV_BOLT_PORT", "7687"));
        String password = env("NEO4J_PASSWORD", "geokg-dev-password");
        if (password.length() < MIN_PASSWORD_LENGTH) {
            System.err.println("neo4j-dev: NEO4J_PASSWORD must have at least " + MIN_PASSWORD_LENGTH + " characters");
            System.exit(2);
        }

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory,
                        ByteUnit.parse(env("NEO4J_DEV_PAGECACHE", "256m")))
                // Internal setting: without it each Bolt event loop waits a 5 s quiet
                // period on shutdown, so a stop takes about 10 s instead of under 1 s.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("neo4j-dev: shutting down");
            dbms.shutdown();
            System.out.println("neo4j-dev: stopped");
        }, "neo4j-dev-shutdown"));

        try {
            setPassword(dbms, password);
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1); // runs the shutdown hook; Neo4j's threads would keep the JVM alive
        }
        System.out.printf("neo4j-dev: ready bolt://%s:%d user=%s home=%s neo4j=%s%n",
                HOST, port, USER, home, Version.getNeo4jVersion());
        Thread.currentThread().join();
    }

    // setPassword makes the password of USER equal to password and clears the
    // "change required" flag, so that clients can run queries at once. Neo4j
    // refuses to set the current password again, which then means nothing to do.
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER " + USER + " SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (QueryExecutionException e) {
            if (!e.getMessage().contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
