package practicegraph.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * A Neo4j 5 Community server for the test suite: the embedded database with its Bolt
 * connector on a loopback port, authentication off. Usage: Main HOME_DIR [PORT].
 *
 * Prints "NEO4J_URI=bolt://127.0.0.1:PORT" once the default database answers, then runs
 * until its standard input closes or it gets SIGTERM, and shuts the database down cleanly
 * either way (so a killed test run leaves no server behind).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: Main HOME_DIR [PORT]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : freePort();
        Files.createDirectories(home);
        Path conf = home.resolve("neo4j-test.conf");
        Files.write(conf, settings(port));
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .loadPropertiesFromFile(conf)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }, "neo4j-test-server-shutdown"));
        GraphDatabaseService db = dbms.database("neo4j");
        db.executeTransactionally("RETURN 1");
        System.out.println("NEO4J_URI=bolt://127.0.0.1:" + port);
        System.out.flush();
        waitForEndOfInput(System.in);
        System.exit(0); // runs the shutdown hook
    }

    /** neo4j.conf lines: setting names as an operator would write them. */
    private static List<String> settings(int port) {
        return List.of(
                "server.bolt.enabled=true",
                "server.bolt.listen_address=127.0.0.1:" + port,
                "server.bolt.tls_level=DISABLED",
                "dbms.security.auth_enabled=false",
                // small: the test machine is shared and the test graphs are tiny; a
                // benchmark sizes it to its store (-Dpracticegraph.pagecache=2g)
                "server.memory.pagecache.size=" + System.getProperty("practicegraph.pagecache", "64m"),
                "db.tx_log.rotation.retention_policy=false");
    }

    /** A port the kernel just handed out on loopback (a race is possible but rare). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void waitForEndOfInput(InputStream in) {
        try {
            byte[] buffer = new byte[256];
            while (in.read(buffer) >= 0) {
                // the fixture never writes; it only closes the pipe
            }
        } catch (IOException ignored) {
            // a broken pipe means the same as end of input
        }
    }
}
