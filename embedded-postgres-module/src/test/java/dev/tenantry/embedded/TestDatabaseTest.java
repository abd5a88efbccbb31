package dev.tenantry.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TestDatabaseTest {

    @Test
    void createsAnEmptyDatabaseAndDropsItOnClose() throws SQLException {
        PostgresEndpoint endpoint;
        try (TestDatabase db = TestDatabase.create("selftest")) {
            endpoint = db.endpoint();
            try (Connection c = endpoint.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from pg_tables where schemaname = 'public'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
        assertThatThrownBy(endpoint::connect).isInstanceOf(SQLException.class)
                .hasMessageContaining(endpoint.database());
    }

    /**
     * A Citus drop that failed part-way (CI once saw a worker answer that the database did not exist)
     * leaves some nodes with the database and some without: closing must still drop it everywhere.
     */
    @Test
    void onCitusClosingDropsTheDatabaseFromEveryNodeEvenWhenAWorkerLostItAlready() throws SQLException {
        PostgresEndpoint server = PostgresServers.forTests();
        List<PostgresEndpoint> workers = TestDatabase.citusWorkers(server);
        Assumptions.assumeFalse(workers.isEmpty(), "plain PostgreSQL: no workers to fall apart");
        PostgresEndpoint endpoint;
        try (TestDatabase db = TestDatabase.create("partialdrop")) {
            endpoint = db.endpoint();
            try (Connection c = workers.get(0).connect(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE " + endpoint.database() + " WITH (FORCE)");
            }
        }
        List<PostgresEndpoint> nodes = new ArrayList<>(workers);
        nodes.add(server);
        for (PostgresEndpoint node : nodes) {
            try (Connection c = node.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from pg_database where datname = '" + endpoint.database() + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("database left on %s", node).isZero();
            }
        }
    }

    @Test
    void endpointParsesItsUrlAndHidesThePassword() {
        PostgresEndpoint endpoint = new PostgresEndpoint("jdbc:postgresql://db.example:6543/app", "app", "s3cret");
        assertThat(endpoint.host()).isEqualTo("db.example");
        assertThat(endpoint.port()).isEqualTo(6543);
        assertThat(endpoint.database()).isEqualTo("app");
        assertThat(endpoint.toString()).doesNotContain("s3cret");
        assertThat(endpoint.withDatabase("other").jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/other");
    }

    @Test
    void dataSourceConnectsAsTheEndpointsUserAndAnotherRoleAsThatRole() throws SQLException {
        try (TestDatabase db = TestDatabase.create("datasource")) {
            db.execute("DROP ROLE IF EXISTS tenantry_selftest_reader");   // left by a run that was killed
            db.execute("CREATE ROLE tenantry_selftest_reader LOGIN");
            try {
                assertThat(currentUserAndDatabase(db.endpoint())).containsExactly(db.endpoint().user(), db.endpoint().database());
                PostgresEndpoint reader = db.endpoint().withUser("tenantry_selftest_reader", "");
                assertThat(reader.jdbcUrl()).isEqualTo(db.endpoint().jdbcUrl());
                assertThat(currentUserAndDatabase(reader)).containsExactly("tenantry_selftest_reader", db.endpoint().database());
            } finally {
                db.execute("DROP ROLE tenantry_selftest_reader");
            }
        }
    }

    private static List<String> currentUserAndDatabase(PostgresEndpoint endpoint) throws SQLException {
        try (Connection c = endpoint.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_user, current_database()")) {
            rs.next();
            return List.of(rs.getString(1), rs.getString(2));
        }
    }

    @Test
    void rejectsAUrlForAnotherDatabase() {
        assertThatThrownBy(() -> new PostgresEndpoint("jdbc:mysql://localhost/x", "u", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:postgresql://host:port/database");
    }
}
