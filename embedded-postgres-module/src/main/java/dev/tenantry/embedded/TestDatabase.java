package dev.tenantry.embedded;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, empty database for one test class, on the server {@link PostgresServers#forTests()} chose.
 *
 * <p>Each instance creates its own database so that tests never see each other's rows or migration
 * history; {@link #close()} drops it. Not thread-safe; one per test class.
 *
 * <p>On a Citus coordinator (the {@code citus} extension in its {@code postgres} database, with workers
 * registered there, as {@code ../shared/citus/cluster.sh start} leaves it) the database is created on
 * every node, with the extension and the workers registered, and the coordinator holds no shards;
 * {@link #CITUS_SHARD_COUNT_PROPERTY} sets how many shards its distributed tables get.
 */
public final class TestDatabase implements AutoCloseable {

    /**
     * System property (or {@code TENANTRY_TEST_CITUS}): {@code true} makes {@link #create} fail unless
     * the server is a Citus coordinator with workers, so a run meant for Citus never passes on plain
     * PostgreSQL (set by the build's {@code -Pcitus}).
     */
    public static final String CITUS_PROPERTY = "tenantry.test.citus";

    /**
     * System property (or {@code TENANTRY_TEST_CITUS_SHARD_COUNT}): the shards each distributed table
     * of a new Citus test database gets ({@code citus.shard_count} set on the database); unset, Citus's
     * own default (32). The build's {@code -Pcitus} test runs set 4: still more shards than workers, so
     * every statement that spans shards is one, while a migration creates an eighth of the shard tables
     * (each with its indexes, policies and triggers) that it would with 32.
     */
    public static final String CITUS_SHARD_COUNT_PROPERTY = "tenantry.test.citus.shard-count";

    private final PostgresEndpoint server;
    private final PostgresEndpoint endpoint;

    private TestDatabase(PostgresEndpoint server, String name) {
        this.server = server;
        this.endpoint = server.withDatabase(name);
    }

    /**
     * Creates a database named {@code tenantry_<purpose>_<random>}.
     *
     * @param purpose short lower-case word naming the test, for people reading {@code \l}
     * @return the new database
     */
    public static TestDatabase create(String purpose) {
        PostgresEndpoint server = PostgresServers.forTests();
        String name = "tenantry_" + purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "")
                + "_" + UUID.randomUUID().toString().substring(0, 8);
        List<PostgresEndpoint> workers = citusWorkers(server);
        if (workers.isEmpty() && Boolean.parseBoolean(System.getProperty(CITUS_PROPERTY, System.getenv("TENANTRY_TEST_CITUS")))) {
            throw new IllegalStateException("The tests were asked to run on Citus (" + CITUS_PROPERTY + "), but " + server
                    + " is no Citus coordinator with workers: start one with ../shared/citus/cluster.sh start, or point"
                    + " tenantry.test.db.url (-Dtenantry.citus.url with -Pcitus) at yours");
        }
        if (workers.isEmpty()) {
            execute(server.withDatabase("postgres"), "CREATE DATABASE " + name);
        } else {
            createOnCitus(server, workers, name);
        }
        return new TestDatabase(server, name);
    }

    /**
     * The workers of a Citus coordinator, as registered in its {@code postgres} database ({@code
     * cluster.sh start} registers them there); empty for plain PostgreSQL.
     */
    static List<PostgresEndpoint> citusWorkers(PostgresEndpoint server) {
        List<PostgresEndpoint> workers = new ArrayList<>();
        try (Connection c = server.withDatabase("postgres").connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT n.nodename, n.nodeport FROM pg_extension e,"
                     + " LATERAL (SELECT nodename, nodeport FROM pg_dist_node WHERE groupid <> 0 AND noderole = 'primary'"
                     + " ORDER BY nodeid) n WHERE e.extname = 'citus'")) {
            while (rs.next()) {
                workers.add(new PostgresEndpoint("jdbc:postgresql://" + rs.getString(1) + ":" + rs.getInt(2) + "/postgres",
                        server.user(), server.password()));
            }
        } catch (SQLException e) {
            return List.of();   // no citus extension: its catalog is absent
        }
        return workers;
    }

    /**
     * A database on every node of a Citus cluster, with the extension in each and the workers
     * registered with the coordinator, which holds no shards (so a setting that never reaches the
     * workers cannot be hidden by the coordinator answering for them).
     */
    private static void createOnCitus(PostgresEndpoint coordinator, List<PostgresEndpoint> workers, String name) {
        int shards = citusShardCount();   // a wrong setting fails here, before any database exists
        execute(coordinator.withDatabase("postgres"), "SET citus.enable_create_database_propagation = on",
                "CREATE DATABASE " + name);
        List<PostgresEndpoint> nodes = new ArrayList<>(workers);
        nodes.add(0, coordinator);
        for (PostgresEndpoint node : nodes) {
            execute(node.withDatabase(name), "CREATE EXTENSION IF NOT EXISTS citus");
        }
        StringBuilder register = new StringBuilder("SELECT citus_set_coordinator_host('" + coordinator.host() + "', "
                + coordinator.port() + ")");
        for (PostgresEndpoint worker : workers) {
            register.append(", citus_add_node('").append(worker.host()).append("', ").append(worker.port()).append(")");
        }
        execute(coordinator.withDatabase(name), register.toString());
        execute(coordinator.withDatabase(name), "SELECT citus_set_node_property('" + coordinator.host() + "', "
                + coordinator.port() + ", 'shouldhaveshards', false)");
        if (shards > 0) {
            execute(coordinator.withDatabase("postgres"), "ALTER DATABASE " + name + " SET citus.shard_count = " + shards);
        }
    }

    /**
     * @return {@link #CITUS_SHARD_COUNT_PROPERTY}'s value, or 0 when it is not set
     * @throws IllegalArgumentException when it is set to anything but a whole number of at least 1
     */
    private static int citusShardCount() {
        String shards = System.getProperty(CITUS_SHARD_COUNT_PROPERTY, System.getenv("TENANTRY_TEST_CITUS_SHARD_COUNT"));
        if (shards == null || shards.isBlank()) {
            return 0;
        }
        if (shards.trim().matches("[1-9][0-9]{0,5}")) {
            return Integer.parseInt(shards.trim());
        }
        throw new IllegalArgumentException(CITUS_SHARD_COUNT_PROPERTY + " must be a whole number of at least 1, not '"
                + shards + "'");
    }

    /** @return where the new database answers */
    public PostgresEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Runs one statement in the database as the server's user (test set-up, outside the code under test).
     *
     * @param sql the statement
     * @throws IllegalStateException with the server's message when it fails
     */
    public void execute(String sql) {
        try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Reads what really is in the database, as the server's user.
     *
     * @param query a query
     * @return each row as its columns joined by '|'
     */
    public List<String> rows(String query) {
        try (Connection c = endpoint.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            List<String> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Drops the database, ending any connection still open to it. On Citus the coordinator sends the
     * drop to the workers one by one, outside a transaction: when that fails part-way (a worker still
     * busy, or answering that the database is already gone) the nodes are left apart, so each node then
     * drops its copy on its own.
     */
    @Override
    public void close() {
        String drop = "DROP DATABASE IF EXISTS " + endpoint.database() + " WITH (FORCE)";
        List<PostgresEndpoint> workers = citusWorkers(server);
        if (workers.isEmpty()) {
            execute(server.withDatabase("postgres"), drop);
            return;
        }
        try {
            whileBusy(() -> execute(server.withDatabase("postgres"), "SET citus.enable_create_database_propagation = on", drop));
        } catch (IllegalStateException propagated) {
            List<PostgresEndpoint> nodes = new ArrayList<>(workers);
            nodes.add(server);
            for (PostgresEndpoint node : nodes) {
                whileBusy(() -> execute(node.withDatabase("postgres"), drop));
            }
        }
    }

    /**
     * Runs a drop, again for a few seconds while the database is still in use: on a worker the drop can
     * meet a session that the coordinator's ended backends have not closed yet (they close their worker
     * connections as they exit).
     */
    private static void whileBusy(Runnable drop) {
        for (int attempt = 1; ; attempt++) {
            try {
                drop.run();
                return;
            } catch (IllegalStateException e) {
                if (attempt == 20 || !String.valueOf(e.getMessage()).contains("is being accessed by other users")) {
                    throw e;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** @param server where to run the statements, one after the other on one connection, database included */
    private static void execute(PostgresEndpoint server, String... statements) {
        String sql = String.join("; ", statements);
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run '" + sql + "' on " + server + ": " + e.getMessage(), e);
        }
    }
}
