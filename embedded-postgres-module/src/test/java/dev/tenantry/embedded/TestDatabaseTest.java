package dev.tenantry.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
    void rejectsAUrlForAnotherDatabase() {
        assertThatThrownBy(() -> new PostgresEndpoint("jdbc:mysql://localhost/x", "u", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:postgresql://host:port/database");
    }
}
