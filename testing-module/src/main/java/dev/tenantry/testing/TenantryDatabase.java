package dev.tenantry.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.embedded.Transactions;
import dev.tenantry.persistence.BaseEntity;
import dev.tenantry.persistence.migration.MigrationRunner;
import dev.tenantry.serverconfig.PostgresRoles;
import dev.tenantry.tenancy.Membership;
import dev.tenantry.tenancy.OrganizationService;
import dev.tenantry.tenancy.Role;
import dev.tenantry.tenancy.RowSecurityListener;
import dev.tenantry.tenancy.TenantContext;
import dev.tenantry.tenancy.TenantEntity;
import dev.tenantry.tenancy.TenantEntityManagers;
import dev.tenantry.tenancy.TenantId;
import dev.tenantry.tenancy.Tenants;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.eclipse.persistence.jpa.JpaHelper;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension giving a test class what a Tenantry application has in production: a fresh
 * PostgreSQL database migrated with Tenantry's and the application's migrations, Tenantry's two
 * roles with row-level security in force, and the application's persistence unit over a pool that
 * connects as the runtime role, with {@link RowSecurityListener}. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TenantryDatabase DB = TenantryDatabase.forUnit("shop");
 *
 * @Test
 * void membersSeeOnlyTheirOrganizationsPurchases() {
 *     TenantId acme = DB.organization("acme", "alice");
 *     TenantId globex = DB.organization("globex", "gina");
 *     DB.runAs("alice", acme, em -> new Repository<>(Purchase.class, em).save(new Purchase("A-1")));
 *     DB.runAs("gina", globex, em -> new Repository<>(Purchase.class, em).save(new Purchase("G-1")));
 *     DB.assertIsolated(Purchase.class, acme, globex);
 * }
 * }</pre>
 *
 * <p>The database is the one at {@code TENANTRY_TEST_DB_URL} (a role that may create databases)
 * when it answers, else an embedded PostgreSQL started once per JVM; each test class gets a database
 * of its own, dropped afterwards. The unit is created with the properties of its
 * {@code persistence.xml} (resource-local, listing its entity classes and Tenantry's
 * {@code Organization} and {@code Membership}), the pool in place of its data source.
 */
public final class TenantryDatabase implements BeforeAllCallback, AfterAllCallback {

    private final String unit;
    private final List<String> migrations = new ArrayList<>(List.of("classpath:db/migration"));
    private final Map<String, Object> properties = new HashMap<>();
    private boolean rowSecurity = true;
    private int poolSize = 4;

    private TestDatabase database;
    private HikariDataSource pool;
    private EntityManagerFactory emf;

    private TenantryDatabase(String unit) {
        this.unit = Objects.requireNonNull(unit, "unit");
    }

    /**
     * @param unit the persistence unit's name in the application's {@code persistence.xml}
     * @return the extension, to register with {@code @RegisterExtension} on a static field
     */
    public static TenantryDatabase forUnit(String unit) {
        return new TenantryDatabase(unit);
    }

    /**
     * @param locations Flyway locations of the application's migrations (default
     *                  {@code classpath:db/migration}); Tenantry's own always run first
     * @return this
     */
    public TenantryDatabase migrations(String... locations) {
        migrations.clear();
        migrations.addAll(Arrays.asList(locations));
        return this;
    }

    /**
     * Connects as the database's superuser, which row-level security does not bind: for tests of
     * applications that run without it. Tenant discriminators still apply.
     *
     * @return this
     */
    public TenantryDatabase withoutRowLevelSecurity() {
        rowSecurity = false;
        return this;
    }

    /**
     * @param name  a property of the persistence unit, e.g. {@code eclipselink.jdbc.batch-writing}
     * @param value its value
     * @return this
     */
    public TenantryDatabase property(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    /**
     * @param connections the runtime pool's size (default 4)
     * @return this
     */
    public TenantryDatabase poolSize(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("The pool needs at least one connection, got " + connections);
        }
        poolSize = connections;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        database = TestDatabase.create(context.getRequiredTestClass().getSimpleName());
        try (Connection c = database.endpoint().connect()) {
            PostgresRoles.apply(c);
        }
        DataSource migrator = rowSecurity ? dataSource(PostgresRoles.OWNER) : superuser();
        new MigrationRunner(migrator, Thread.currentThread().getContextClassLoader(), migrations).migrate();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.endpoint().jdbcUrl());
        config.setUsername(rowSecurity ? PostgresRoles.RUNTIME : database.endpoint().user());
        config.setPassword(rowSecurity ? null : database.endpoint().password());
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("tenantry-test-" + context.getRequiredTestClass().getSimpleName());
        pool = new HikariDataSource(config);
        Map<String, Object> unitProperties = new HashMap<>(properties);
        unitProperties.put("jakarta.persistence.nonJtaDataSource", pool);
        unitProperties.put("eclipselink.session.customizer", ExternalPooling.class.getName());
        unitProperties.put("eclipselink.session-name", unit + "-" + UUID.randomUUID());
        if (rowSecurity) {
            unitProperties.put("eclipselink.session-event-listener", RowSecurityListener.class.getName());
        }
        emf = Persistence.createEntityManagerFactory(unit, unitProperties);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (emf != null) {
                emf.close();
            }
        } finally {
            try {
                if (pool != null) {
                    pool.close();
                }
            } finally {
                if (database != null) {
                    database.close();
                }
            }
        }
    }

    /** @return the application's unit over the runtime pool */
    public EntityManagerFactory emf() {
        return started(emf);
    }

    /** @return the runtime pool (as {@code tenantry_app}, or the superuser without row-level security) */
    public DataSource runtime() {
        return started(pool);
    }

    /** @return a DataSource connecting as the database's superuser, which sees every tenant's rows */
    public DataSource superuser() {
        return started(database).endpoint().dataSource();
    }

    /**
     * @param query a query, run as the superuser (every tenant's rows)
     * @return the first column of each row, as text
     */
    public List<String> rows(String query) {
        return started(database).rows(query);
    }

    /** @param sql a statement, run as the superuser */
    public void execute(String sql) {
        started(database).execute(sql);
    }

    /**
     * Creates an organization as the application's sign-up does, {@code owner} its OWNER.
     *
     * @param slug  its slug (and name)
     * @param owner the principal who creates it
     * @return its tenant id
     */
    public TenantId organization(String slug, String owner) {
        return inTransaction(emf().createEntityManager(), em -> new OrganizationService(em).create(slug, slug, owner).tenantId());
    }

    /**
     * Adds a member, invited by the organization's OWNER {@code owner}.
     *
     * @param org       the organization
     * @param principal who joins
     * @param role      with which role
     * @param owner     an OWNER or ADMIN of it
     */
    public void member(TenantId org, String principal, Role role, String owner) {
        inTransaction(emf().createEntityManager(), em -> new OrganizationService(em).invite(org, principal, role, owner));
    }

    /**
     * Runs {@code work} as {@code principal} acting in {@code org}, as a request of that member would:
     * the role is the member's ({@code OrganizationNotFoundException} for someone who is not one,
     * as a request gets), the EntityManager is bound to the tenant with that role (a VIEWER's refuses
     * writes), the tenant context is set, and the work runs in a transaction committed at the end
     * (rolled back when it throws).
     *
     * @param principal the member
     * @param org       the organization
     * @param work      what the member does
     * @param <R>       its result type
     * @return its result
     */
    public <R> R callAs(String principal, TenantId org, Function<EntityManager, R> work) {
        Membership membership = inTransaction(emf().createEntityManager(),
                em -> new OrganizationService(em).membership(org.value().toString(), principal));
        TenantContext context = new TenantContext(org, principal, membership.getRole());
        return Tenants.callAs(context, () -> inTransaction(TenantEntityManagers.open(emf(), org, membership.getRole()), work));
    }

    /** Like {@link #callAs(String, TenantId, Function)} for work without a result. */
    public void runAs(String principal, TenantId org, Consumer<EntityManager> work) {
        callAs(principal, org, em -> {
            work.accept(em);
            return null;
        });
    }

    /**
     * Runs {@code work} as system work of {@code org} (a job: no member, no role check), in a
     * transaction.
     */
    public <R> R callAsSystem(TenantId org, Function<EntityManager, R> work) {
        return Tenants.callAs(org, () -> inTransaction(TenantEntityManagers.open(emf(), org), work));
    }

    /**
     * Asserts that no tenant sees another's rows of {@code entity}: for each pair, every way of reading
     * them as the one — a JPQL query over the entity, {@code find} by the other's ids, a native count
     * on the EntityManager's connection (row-level security) — finds none of the other's. Fails
     * when a tenant has no rows to hide (the assertion would prove nothing).
     *
     * @param entity  a tenant entity of the unit
     * @param tenants two or more organizations
     */
    public void assertIsolated(Class<? extends TenantEntity> entity, TenantId... tenants) {
        if (tenants.length < 2) {
            throw new IllegalArgumentException("Isolation needs two tenants or more, got " + tenants.length);
        }
        String table = JpaHelper.getServerSession(emf()).getDescriptor(entity).getTableName();
        for (TenantId owner : tenants) {
            List<String> ids = rows("SELECT id::text FROM " + table + " WHERE organization_id = '" + owner.value() + "'");
            if (ids.isEmpty()) {
                throw new AssertionError(entity.getSimpleName() + ": tenant " + owner.value()
                        + " has no rows in " + table + ", so there is nothing whose isolation could be checked");
            }
            for (TenantId reader : tenants) {
                if (reader.equals(owner)) {
                    continue;
                }
                callAsSystem(reader, em -> {
                    List<?> all = em.createQuery("SELECT e FROM " + entityName(entity) + " e", entity).getResultList();
                    for (Object row : all) {
                        if (ids.contains(((BaseEntity) row).getId().toString())) {
                            throw new AssertionError(entity.getSimpleName() + " " + ((BaseEntity) row).getId() + " of tenant "
                                    + owner.value() + " is visible to tenant " + reader.value() + " through JPQL");
                        }
                    }
                    for (String id : ids) {
                        if (em.find(entity, UUID.fromString(id)) != null) {
                            throw new AssertionError(entity.getSimpleName() + " " + id + " of tenant " + owner.value()
                                    + " is found by id by tenant " + reader.value());
                        }
                    }
                    if (rowSecurity) {
                        Number count = (Number) em.createNativeQuery("SELECT count(*) FROM " + table
                                + " WHERE organization_id = CAST(? AS uuid)").setParameter(1, owner.value().toString())
                                .setHint("eclipselink.jdbc.allow-native-sql-query", true).getSingleResult();
                        if (count.longValue() != 0) {
                            throw new AssertionError(count + " rows of " + table + " of tenant " + owner.value()
                                    + " are visible to native SQL of tenant " + reader.value() + ": row-level security does not hold");
                        }
                    }
                    return null;
                });
            }
        }
    }

    private String entityName(Class<?> entity) {
        return JpaHelper.getServerSession(emf()).getDescriptor(entity).getAlias();
    }

    private DataSource dataSource(String user) {
        return database.endpoint().withUser(user, "").dataSource();
    }

    private static <R> R inTransaction(EntityManager em, Function<EntityManager, R> work) {
        return Transactions.inTransaction(em, work);
    }

    private static <T> T started(T part) {
        if (part == null) {
            throw new IllegalStateException("TenantryDatabase is not started: register it with @RegisterExtension"
                    + " on a static field, and use it from tests, not from static initializers");
        }
        return part;
    }
}
