package dev.tenantry.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.embedded.Transactions;
import dev.tenantry.persistence.metrics.Counter;
import dev.tenantry.persistence.metrics.TenantryMetrics;
import dev.tenantry.persistence.migration.MigrationRunner;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.serverconfig.PostgresRoles;
import dev.tenantry.tenancy.OrganizationService;
import dev.tenantry.tenancy.RowSecurityListener;
import dev.tenantry.tenancy.TenantEntityManagers;
import dev.tenantry.tenancy.TenantId;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link AuditTest} again as the README's runtime role {@code tenantry_app} under
 * row-level security, where an entity's Activity row travels in the round trip of the entity's own
 * statement; and what that way must never do: lose an activity, write one twice (statement reuse,
 * JDBC batches), or keep one whose statement failed.
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
        return factory(db, Map.of());
    }

    @Test
    void oneActivityPerWriteWhenEclipseLinkReusesStatementsOrBatchesThem() {
        for (Map<String, Object> setting : List.<Map<String, Object>>of(
                Map.of("eclipselink.jdbc.cache-statements", "true"),
                Map.of("eclipselink.jdbc.batch-writing", "JDBC", "eclipselink.jdbc.batch-writing.size", "10"))) {
            EntityManagerFactory emf = factory(database, setting);
            Counter activities = TenantryMetrics.counter(TenantryMetrics.AUDIT_ACTIVITIES, "");
            long counted = activities.count();
            long rowsBefore = Long.parseLong(database.rows("select count(*) from activities").get(0));
            try {
                TenantId org = AuditContext.callAs("olga", null, () -> inTx(emf.createEntityManager(),
                        em -> new OrganizationService(em).create("Batch", "org-" + UUID.randomUUID().toString().substring(0, 8),
                                "olga").tenantId()));
                List<UUID> ids = AuditContext.callAs("olga", "batch", () -> inTx(TenantEntityManagers.open(emf, org), em -> {
                    List<UUID> made = new ArrayList<>();
                    for (int i = 0; i < 7; i++) {
                        made.add(new Repository<>(Invoice.class, em).save(new Invoice("B-" + i, i, null, null)).getId());
                    }
                    return made;
                }));
                AuditContext.runAs("olga", "batch", () -> inTx(TenantEntityManagers.open(emf, org), em -> {
                    for (UUID id : ids) {
                        new Repository<>(Invoice.class, em).get(id).setAmountCents(99);
                    }
                    return null;
                }));
                AuditContext.runAs("olga", "batch", () -> inTx(TenantEntityManagers.open(emf, org), em -> {
                    new Repository<>(Invoice.class, em).deleteById(ids.get(0));
                    return null;
                }));
                for (UUID id : ids) {
                    assertThat(database.rows("select type from activities where entity_id = '" + id + "' order by created_at, id"))
                            .as("%s, %s", setting, id)
                            .containsExactlyElementsOf(id.equals(ids.get(0)) ? List.of("created", "updated", "deleted")
                                    : List.of("created", "updated"));
                }
                // the metrics endpoint counts the rows written, batched and carried ones alike
                long rowsAfter = Long.parseLong(database.rows("select count(*) from activities").get(0));
                assertThat(activities.count() - counted).as("%s", setting).isEqualTo(rowsAfter - rowsBefore);
            } finally {
                emf.close();
            }
        }
    }

    @Test
    void aStatementThatFailsTakesItsCarriedActivityWithIt() {
        EntityManagerFactory emf = factory(database, Map.of());
        try {
            TenantId org = AuditContext.callAs("una", null, () -> inTx(emf.createEntityManager(),
                    em -> new OrganizationService(em).create("Unique", "org-" + UUID.randomUUID().toString().substring(0, 8),
                            "una").tenantId()));
            UUID first = AuditContext.callAs("una", null, () -> inTx(TenantEntityManagers.open(emf, org),
                    em -> new Repository<>(Invoice.class, em).save(new Invoice("DUP", 1, null, null)).getId()));
            long before = Long.parseLong(database.rows("select count(*) from activities where organization_id = '" + org + "'")
                    .get(0));
            assertThatThrownBy(() -> AuditContext.runAs("una", null, () -> inTx(TenantEntityManagers.open(emf, org),
                    em -> new Repository<>(Invoice.class, em).save(new Invoice(null, 2, null, null)).getId())))
                    .isInstanceOf(RuntimeException.class);   // number NOT NULL: the INSERT that carried the activity fails
            assertThat(database.rows("select count(*) from activities where organization_id = '" + org + "'"))
                    .containsExactly(String.valueOf(before));
            assertThat(database.rows("select count(*) from invoices where number = 'DUP'")).containsExactly("1");
            assertThat(first).isNotNull();
        } finally {
            emf.close();
        }
    }

    @Test
    void theActivityTravelsInTheRoundTripOfTheEntitysOwnStatement() throws Exception {
        List<String> prepared = java.util.Collections.synchronizedList(new ArrayList<>());
        DataSource runtime = as(database, PostgresRoles.RUNTIME);
        javax.sql.DataSource recording = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                    Object result = method.invoke(runtime, args);
                    if (!(result instanceof Connection connection)) {
                        return result;
                    }
                    return java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (m.getName().equals("prepareStatement")) {
                                    prepared.add((String) a[0]);
                                }
                                try {
                                    return m.invoke(connection, a);
                                } catch (java.lang.reflect.InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                });
        Map<String, Object> props = new HashMap<>();
        props.put("jakarta.persistence.nonJtaDataSource", recording);
        props.put("eclipselink.session-event-listener", RowSecurityListener.class.getName());
        props.put("eclipselink.session-name", "audit-rls-recorded");
        EntityManagerFactory emf = Persistence.createEntityManagerFactory("audit-test", props);
        try {
            TenantId org = AuditContext.callAs("rita", null, () -> inTx(emf.createEntityManager(),
                    em -> new OrganizationService(em).create("Trips", "org-" + UUID.randomUUID().toString().substring(0, 8),
                            "rita").tenantId()));
            prepared.clear();
            UUID id = AuditContext.callAs("rita", null, () -> inTx(TenantEntityManagers.open(emf, org),
                    em -> new Repository<>(Invoice.class, em).save(new Invoice("TRIP", 1, null, null)).getId()));
            AuditContext.runAs("rita", null, () -> inTx(TenantEntityManagers.open(emf, org), em -> {
                new Repository<>(Invoice.class, em).get(id).setAmountCents(2);
                return null;
            }));
            List<String> writes = prepared.stream().filter(sql -> sql.contains("activities") || sql.contains("invoices")
                    && !sql.contains("SELECT ID")).toList();
            assertThat(writes).noneMatch(sql -> sql.startsWith("INSERT INTO activities"));
            assertThat(writes).filteredOn(sql -> sql.contains("INSERT INTO activities")).hasSize(2)
                    .allMatch(sql -> sql.contains("INSERT INTO invoices") || sql.contains("UPDATE invoices"));
            assertThat(database.rows("select type from activities where entity_id = '" + id + "' order by created_at, id"))
                    .containsExactly("created", "updated");
        } finally {
            emf.close();
        }
    }

    private static <R> R inTx(EntityManager em, Function<EntityManager, R> work) {
        return Transactions.inTransaction(em, work);
    }

    private static EntityManagerFactory factory(TestDatabase db, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put("jakarta.persistence.nonJtaDataSource", as(db, PostgresRoles.RUNTIME));
        props.put("eclipselink.session-event-listener", RowSecurityListener.class.getName());
        props.put("eclipselink.session-name", "audit-rls-" + UUID.randomUUID());
        return Persistence.createEntityManagerFactory("audit-test", props);
    }

    private static DataSource as(TestDatabase db, String role) {
        return db.endpoint().withUser(role, "").dataSource();
    }
}
