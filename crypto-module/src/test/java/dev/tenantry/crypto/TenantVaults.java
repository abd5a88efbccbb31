package dev.tenantry.crypto;

import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.embedded.Transactions;
import dev.tenantry.persistence.migration.MigrationRunner;
import dev.tenantry.serverconfig.PostgresRoles;
import dev.tenantry.tenancy.TenantEntityManagers;
import dev.tenantry.tenancy.TenantId;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * A database as the README sets it up (roles, Tenantry's migrations as {@code tenantry_owner}) with
 * a tenant table {@code vaults} under row-level security and a plain table {@code credentials}, and
 * an EntityManagerFactory connecting as {@code tenantry_app}.
 */
final class TenantVaults implements AutoCloseable {

    final TestDatabase db;
    final List<TenantId> tenants = new ArrayList<>();
    final EntityManagerFactory emf;

    TenantVaults(String purpose, int tenantCount) throws SQLException {
        db = TestDatabase.create(purpose);
        try (Connection c = db.endpoint().connect()) {
            PostgresRoles.apply(c);
        }
        new MigrationRunner(as(PostgresRoles.OWNER), getClass().getClassLoader(), List.of()).migrate();
        owner("CREATE TABLE vaults (organization_id uuid NOT NULL REFERENCES organizations (id), id uuid NOT NULL,"
                + " created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, version bigint NOT NULL,"
                + " secret text, note text, blob bytea, PRIMARY KEY (organization_id, id))");
        owner("SELECT tenantry_enable_row_security('vaults')");
        owner("SELECT tenantry_distribute_table('vaults')");   // on Citus; nothing elsewhere
        owner("CREATE TABLE credentials (id bigint PRIMARY KEY, label text, token text, private_key bytea)");
        owner("GRANT SELECT, INSERT, UPDATE, DELETE ON credentials TO " + PostgresRoles.RUNTIME);
        for (int i = 0; i < tenantCount; i++) {
            UUID id = UUID.randomUUID();
            db.execute("INSERT INTO organizations VALUES ('" + id + "', now(), now(), 1, NULL, 'Org " + i + "', 'org-"
                    + id.toString().substring(0, 8) + "')");
            tenants.add(new TenantId(id));
        }
        emf = Persistence.createEntityManagerFactory("crypto-tenant-test", Map.of(
                "jakarta.persistence.nonJtaDataSource", as(PostgresRoles.RUNTIME)));
    }

    /** @return a DataSource connecting as {@code role} */
    DataSource as(String role) {
        return db.endpoint().withUser(role, "").dataSource();
    }

    void owner(String sql) throws SQLException {
        try (Connection c = as(PostgresRoles.OWNER).getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Work in one transaction of a tenant EntityManager. */
    <T> T inTenant(TenantId tenant, Function<EntityManager, T> work) {
        return Transactions.inTransaction(TenantEntityManagers.open(emf, tenant), work);
    }

    void inTenantDo(TenantId tenant, Consumer<EntityManager> work) {
        inTenant(tenant, em -> {
            work.accept(em);
            return null;
        });
    }

    /** A read in a fresh EntityManager (nothing cached). */
    Vault read(TenantId tenant, UUID id) {
        emf.getCache().evictAll();
        EntityManager em = TenantEntityManagers.open(emf, tenant);
        try {
            return em.find(Vault.class, id);
        } finally {
            em.close();
        }
    }

    @Override
    public void close() {
        emf.close();
        db.close();
    }
}
