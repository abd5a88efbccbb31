package dev.tenantry.tenancy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.persistence.migration.MigrationRunner;
import dev.tenantry.serverconfig.PostgresRoles;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A test database set up as the README says for row-level security: Tenantry's roles, migrations run
 * as {@code tenantry_owner}, a HikariCP pool connecting as {@code tenantry_app}, and the
 * {@code tenancy-test} unit over it with {@link RowSecurityListener}.
 */
final class RowSecurityDatabase implements AutoCloseable {

    final TestDatabase db;
    final HikariDataSource appPool;
    final EntityManagerFactory emf;

    /**
     * @param name     the test (names the database)
     * @param poolSize connections in the runtime pool
     */
    RowSecurityDatabase(String name, int poolSize) {
        this(name, poolSize, Map.of());
    }

    /**
     * @param name           the test (names the database)
     * @param poolSize       connections in the runtime pool
     * @param poolProperties driver properties of the runtime pool's connections (e.g. {@code options})
     */
    RowSecurityDatabase(String name, int poolSize, Map<String, String> poolProperties) {
        db = TestDatabase.create(name);
        try (Connection c = db.endpoint().connect()) {
            PostgresRoles.apply(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        new MigrationRunner(as(PostgresRoles.OWNER), getClass().getClassLoader(), List.of("classpath:db/migration")).migrate();
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(db.endpoint().jdbcUrl());
        pool.setUsername(PostgresRoles.RUNTIME);
        pool.setMaximumPoolSize(poolSize);
        poolProperties.forEach(pool::addDataSourceProperty);
        appPool = new HikariDataSource(pool);
        emf = Persistence.createEntityManagerFactory("tenancy-test", Map.of(
                "jakarta.persistence.nonJtaDataSource", appPool,
                "eclipselink.session-event-listener", RowSecurityListener.class.getName(),
                "eclipselink.session.customizer", ExternalPooling.class.getName(),
                "eclipselink.session-name", name));
    }

    /** @return a DataSource connecting as {@code user} */
    DataSource as(String user) {
        return db.endpoint().withUser(user, "").dataSource();
    }

    @Override
    public void close() {
        if (emf != null) {
            emf.close();
        }
        if (appPool != null) {
            appPool.close();
        }
        db.close();
    }
}
