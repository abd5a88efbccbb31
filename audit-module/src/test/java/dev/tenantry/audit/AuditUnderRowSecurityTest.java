package dev.tenantry.audit;

import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.persistence.migration.MigrationRunner;
import dev.tenantry.serverconfig.PostgresRoles;
import dev.tenantry.tenancy.RowSecurityListener;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Every test of {@link AuditTest} again as the README's runtime role {@code tenantry_app} under
 * row-level security, whose connection wrapper carries the tenant's setting and the Activity rows.
 */
class AuditUnderRowSecurityTest extends AuditTest {

    private TestDatabase database;

    @Override
    EntityManagerFactory migrateAndOpen(TestDatabase db) {
        this.database = db;
        try (Connection c = db.endpoint().connect()) {
            PostgresRoles.apply(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        new MigrationRunner(as(db, PostgresRoles.OWNER), getClass().getClassLoader(), List.of("classpath:db/migration")).migrate();
        return factory(as(db, PostgresRoles.RUNTIME), Map.of());
    }

    @Override
    EntityManagerFactory factory(DataSource dataSource, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put("eclipselink.session-event-listener", RowSecurityListener.class.getName());
        return super.factory(dataSource, props);
    }

    @Override
    boolean rowSecurity() {
        return true;
    }

    @Override
    DataSource unitDataSource() {
        return as(database, PostgresRoles.RUNTIME);
    }

    private static DataSource as(TestDatabase db, String role) {
        return db.endpoint().withUser(role, "").dataSource();
    }
}
