package dev.tenantry.example;

import dev.tenantry.embedded.PostgresEndpoint;
import dev.tenantry.embedded.PostgresServers;
import dev.tenantry.persistence.PersistenceSettings;
import dev.tenantry.serverconfig.PayaraMicroDataSource;
import dev.tenantry.serverconfig.PostgresRoles;
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
 * <p>On the embedded database it sets up row-level security as the README says for production: the
 * two roles of server-config's {@code postgres/roles.sql}, migrations as {@code tenantry_owner} (pool
 * {@code jdbc/tenantry-owner}), and the application's pool as {@code tenantry_app}, which neither owns
 * nor bypasses anything — so the tour runs under row-level security.
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

        boolean configured = System.getenv(PostgresServers.DB_URL_ENV) != null || System.getProperty("tenantry.db.url") != null;
        PostgresEndpoint db = database(target, configured);
        Path postBoot = Files.createDirectories(target.resolve("payara")).resolve("post-boot.asadmin");
        Path systemProperties = target.resolve("payara/system.properties");
        if (configured) {
            // server-config's post-boot file, as a user would take it: the pool reads the database from the environment
            try (var in = RunExample.class.getClassLoader().getResourceAsStream("payara/post-boot.asadmin")) {
                Files.copy(in, postBoot, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Files.writeString(systemProperties, "");
        } else {
            // the two pools of row-level security: the runtime role, and the owner for migrations
            PayaraMicroDataSource.write(PayaraMicroDataSource.rowSecurityCommands(db), postBoot);
            Files.writeString(systemProperties, PersistenceSettings.MIGRATION_DATASOURCE + "="
                    + PayaraMicroDataSource.OWNER_JNDI_NAME + "\n");
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
                "--postbootcommandfile", postBoot.toString(), "--systemproperties", systemProperties.toString(),
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
                    System.out.println("  Tenantry example is running on " + (configured ? db + ":"
                            : db.jdbcUrl() + " as role " + PostgresRoles.RUNTIME + ", under row-level security:"));
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

    /**
     * The configured database as is; on the embedded server, a database of its own with the two roles
     * of row-level security. A database left by an earlier run whose schema the owner role does not
     * own (made before the example used the roles) is made anew: it holds demo data only.
     */
    private static PostgresEndpoint database(Path target, boolean configured) throws SQLException {
        PostgresEndpoint server = PostgresServers.forApplication(target.resolve("devdb"));
        if (configured) {
            return server;
        }
        PostgresEndpoint database = server.withDatabase(DATABASE);
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                s.execute("CREATE DATABASE " + DATABASE);
            } else if (!ownedByTheOwnerRole(database)) {
                System.out.println("  Making the example database anew: it predates the row-level security roles");
                s.execute("DROP DATABASE " + DATABASE + " WITH (FORCE)");
                s.execute("CREATE DATABASE " + DATABASE);
            }
        }
        try (Connection c = database.connect()) {
            PostgresRoles.apply(c);
        }
        return database;
    }

    /** Whether Tenantry's history table is absent or owned by {@code tenantry_owner}. */
    private static boolean ownedByTheOwnerRole(PostgresEndpoint database) throws SQLException {
        try (Connection c = database.connect()) {
            return !exists(c, "SELECT 1 FROM pg_tables WHERE tablename = 'tenantry_schema_history' AND tableowner <> ?",
                    PostgresRoles.OWNER);
        }
    }

    private static boolean exists(Connection c, String query, String parameter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
