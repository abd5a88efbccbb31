package dev.tenantry.example;

import dev.tenantry.embedded.PostgresEndpoint;
import dev.tenantry.embedded.PostgresServers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Starts the example application on Payara Micro: the database named by {@code TENANTRY_DB_URL}, or
 * an embedded PostgreSQL (data kept in {@code example-app/target/devdb}), then Payara Micro with the
 * WAR, the PostgreSQL driver and a post-boot command file for {@code jdbc/tenantry}. Prints the URL
 * to open once the application is ready; Ctrl-C stops both.
 *
 * <p>Environment: {@code TENANTRY_DB_URL} / {@code TENANTRY_DB_USER} / {@code TENANTRY_DB_PASSWORD}
 * (default: embedded), {@code TENANTRY_EXAMPLE_PORT} (default 8080).
 */
public final class RunExample {

    private static final String DATABASE = "tenantry_example";

    private RunExample() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(System.getProperty("example.target", "example-app/target")).toAbsolutePath();
        int port = Integer.parseInt(System.getenv().getOrDefault("TENANTRY_EXAMPLE_PORT", "8080"));

        PostgresEndpoint db = database(target);
        // server-config's post-boot file, as a user would take it: the pool reads the database from the environment
        Path postBoot = Files.createDirectories(target.resolve("payara")).resolve("post-boot.asadmin");
        try (var in = RunExample.class.getClassLoader().getResourceAsStream("payara/post-boot.asadmin")) {
            Files.copy(in, postBoot, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path root = target.resolve("payara/root");
        deleteRecursively(root);   // a stale domain from an earlier run would keep its old pool
        Files.createDirectories(root);
        Path tmp = Files.createDirectories(target.resolve("payara/tmp"));
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp,
                "-jar", target.resolve("runtime/payara-micro.jar").toString(),
                "--nocluster", "--port", Integer.toString(port), "--rootdir", root.toString(),
                "--postbootcommandfile", postBoot.toString(),
                "--addlibs", target.resolve("runtime/postgresql.jar").toString(),
                "--deploy", target.resolve("tenantry-example.war").toString(), "--contextroot", "/");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TENANTRY_DB_URL", db.jdbcUrl());
        builder.environment().put("TENANTRY_DB_USER", db.user());
        // Payara refuses a pool without a password; an empty one means trust authentication, where any value does
        builder.environment().put("TENANTRY_DB_PASSWORD", db.password().isEmpty() ? "unused" : db.password());
        if (System.getenv("TENANTRY_CRYPTO_KEYS") == null) {
            // a development key kept beside the embedded database, so encrypted example data survives restarts
            builder.environment().put("TENANTRY_CRYPTO_KEYS", "1:" + developmentKey(target.resolve("devdb-crypto-key")));
        }
        Process payara = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(payara::destroy));

        String url = "http://localhost:" + port + "/api/articles";
        boolean deploymentFailed = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(payara.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                System.out.println(line);
                // Payara Micro still reports "ready" after a failed deployment: say so and stop instead
                deploymentFailed |= line.contains("Exception while loading the app");
                if (line.contains("ready in") && deploymentFailed) {
                    System.err.println();
                    System.err.println("  The example application failed to deploy; the cause is in the log above.");
                    payara.destroy();
                    payara.waitFor();
                    System.exit(1);
                }
                if (line.contains("ready in")) {
                    System.out.println();
                    System.out.println("  Tenantry example is running on " + db + ":");
                    System.out.println("    " + url);
                    System.out.println("  Health: http://localhost:" + port + "/health/ready   Stop: Ctrl-C");
                    System.out.println();
                }
            }
        }
        System.exit(payara.waitFor());
    }

    private static String developmentKey(Path file) throws java.io.IOException {
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            Files.writeString(file, java.util.Base64.getEncoder().encodeToString(key));
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
        }
        return Files.readString(file).trim();
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The configured database as is; on the embedded server, a database of its own. */
    private static PostgresEndpoint database(Path target) throws SQLException {
        boolean configured = System.getenv(PostgresServers.DB_URL_ENV) != null || System.getProperty("tenantry.db.url") != null;
        PostgresEndpoint server = PostgresServers.forApplication(target.resolve("devdb"));
        if (configured) {
            return server;
        }
        try (Connection c = server.connect();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery(); Statement s = c.createStatement()) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + DATABASE);
                }
            }
        }
        return server.withDatabase(DATABASE);
    }

}
