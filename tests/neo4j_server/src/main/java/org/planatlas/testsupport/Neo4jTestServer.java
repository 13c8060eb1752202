package org.planatlas.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Throw-away Neo4j Community server for PlanAtlas integration tests.
 *
 * <p>Usage: {@code Neo4jTestServer --home DIR [--port 7687] [--host 127.0.0.1]
 * [--pagecache-mb 256]}
 *
 * <p>Starts an embedded DBMS with the Bolt connector on (no TLS, auth disabled, HTTP off),
 * stores everything under DIR, prints exactly one line
 * {@code NEO4J_READY bolt://HOST:PORT version=X.Y.Z} on stdout once Bolt accepts
 * connections, and shuts down cleanly on SIGTERM/SIGINT (shutdown hook), printing
 * {@code NEO4J_STOPPED}.
 */
public final class Neo4jTestServer {

    private Neo4jTestServer() {}

    public static void main(String[] args) throws Exception {
        Path home = null;
        String host = "127.0.0.1";
        int port = 7687;
        long pageCacheMb = 256;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--home" -> home = Path.of(need(args, ++i, a));
                case "--port" -> port = Integer.parseInt(need(args, ++i, a));
                case "--host" -> host = need(args, ++i, a);
                case "--pagecache-mb" -> pageCacheMb = Long.parseLong(need(args, ++i, a));
                case "-h", "--help" -> {
                    System.out.println(
                            "usage: Neo4jTestServer --home DIR [--port 7687] [--host 127.0.0.1] [--pagecache-mb 256]");
                    return;
                }
                default -> die("unknown argument: " + a);
            }
        }
        if (home == null) {
            die("--home DIR is required (a throw-away directory)");
        }
        Files.createDirectories(home);
        home = home.toAbsolutePath().normalize();

        final DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home)
                    // Bolt on, plain text, loopback only.
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    // No HTTP(S).
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    // Auth off: the driver may connect with auth=None or any basic credentials.
                    .setConfig(GraphDatabaseSettings.auth_enabled, false)
                    // Modest memory footprint for a 2-core / CI box.
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                    .setConfig(
                            GraphDatabaseSettings.tx_state_memory_allocation,
                            GraphDatabaseSettings.TransactionStateMemoryAllocation.ON_HEAP)
                    // Don't pre-allocate 256 MiB transaction-log files in the temp dir.
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    // Skip the ~2 s diagnostics dump (JVM/OS/store info) into debug.log.
                    .setConfig(GraphDatabaseInternalSettings.dump_diagnostics, false)
                    // No anonymous usage reports (this machine has no network anyway).
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    // Fast shutdown: Netty's default 5 s graceful quiet period per event loop
                    // group otherwise makes SIGTERM take ~12 s.
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5))
                    .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                    .build();
        } catch (Throwable t) {
            System.err.println("NEO4J_FAILED could not start DBMS in " + home + ": " + t);
            t.printStackTrace();
            System.err.flush();
            Runtime.getRuntime().halt(1); // Neo4j may have left non-daemon threads behind
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean shutDown = new AtomicBoolean(false);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (shutDown.compareAndSet(false, true)) {
                try {
                    dbms.shutdown();
                } catch (Throwable t) {
                    System.err.println("NEO4J_SHUTDOWN_ERROR " + t);
                }
                System.out.println("NEO4J_STOPPED");
                System.out.flush();
            }
            stopped.countDown();
        }, "neo4j-test-server-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        String version = db.executeTransactionally(
                "CALL dbms.components() YIELD name, versions, edition "
                        + "RETURN versions[0] AS v, edition AS e",
                java.util.Map.of(),
                r -> {
                    var row = r.next();
                    return row.get("v") + " edition=" + row.get("e");
                });

        waitForPort(host, port, 60_000);
        System.out.println("NEO4J_READY bolt://" + host + ":" + port + " version=" + version);
        System.out.flush();

        stopped.await();
    }

    private static void waitForPort(String host, int port, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 1000);
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    System.err.println("NEO4J_FAILED bolt port " + host + ":" + port + " not accepting: " + e);
                    System.exit(2);
                }
                Thread.sleep(100);
            }
        }
    }

    private static String need(String[] args, int i, String flag) {
        if (i >= args.length) {
            die(flag + " needs a value");
        }
        return args[i];
    }

    private static void die(String msg) {
        System.err.println("Neo4jTestServer: " + msg);
        System.exit(64);
    }
}
