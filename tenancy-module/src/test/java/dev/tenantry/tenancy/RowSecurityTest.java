package dev.tenantry.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.embedded.Transactions;
import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.internal.StartupChecks;
import dev.tenantry.persistence.metrics.TenantryMetrics;
import dev.tenantry.persistence.settings.AppMode;
import dev.tenantry.persistence.softdelete.SoftDeletes;
import dev.tenantry.tenancy.internal.RowSecurityConnections;
import dev.tenantry.tenancy.internal.RowSecurityScope;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Row-level security as the second line: the roles from server-config's {@code postgres/roles.sql},
 * migrations as {@code tenantry_owner}, the application as {@code tenantry_app} through a real
 * connection pool (HikariCP, one connection, so every borrower gets the previous one's connection).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowSecurityTest {

    private static final TenantId A = new TenantId(UUID.fromString("0191d6a0-0000-7000-8000-0000000001aa"));
    private static final TenantId B = new TenantId(UUID.fromString("0191d6a0-0000-7000-8000-0000000001bb"));
    private static final String ALLOW_NATIVE = "eclipselink.jdbc.allow-native-sql-query";

    private RowSecurityDatabase rls;
    private TestDatabase db;
    private HikariDataSource appPool;
    private EntityManagerFactory emf;

    @BeforeAll
    void rolesMigrationsAndPool() {
        rls = new RowSecurityDatabase(getClass().getSimpleName(), 1);
        db = rls.db;
        appPool = rls.appPool;
        emf = rls.emf;
    }

    @AfterAll
    void close() {
        rls.close();
    }

    @BeforeEach
    void overlappingRowsWrittenByTheSuperuser() {
        superuser("DELETE FROM tasks");
        superuser("DELETE FROM projects");
        superuser("DELETE FROM notes");
        superuser("DELETE FROM organizations");
        for (TenantId t : List.of(A, B)) {
            superuser("INSERT INTO projects VALUES ('" + t + "', gen_random_uuid(), now(), now(), 1, NULL, 'shared')");
            superuser("INSERT INTO projects VALUES ('" + t + "', gen_random_uuid(), now(), now(), 1, NULL, 'only " + t + "')");
            superuser("INSERT INTO notes VALUES ('" + t + "', gen_random_uuid(), now(), now(), 1, 'note of " + t + "')");
        }
    }

    @Test
    void theRuntimeRoleCannotBypassRowSecurityButSuperuserAndOwnerCould() throws Exception {
        try (Connection app = appPool.getConnection()) {
            assertThat(RowSecurity.problemsOf(app)).isEmpty();
        }
        try (Connection superuser = db.endpoint().connect()) {
            assertThat(RowSecurity.problemsOf(superuser)).anyMatch(p -> p.contains("superuser"));
        }
        try (Connection owner = dataSource("tenantry_owner").getConnection()) {
            assertThat(RowSecurity.problemsOf(owner)).anyMatch(p -> p.contains("owns") && p.contains("projects"));
        }
    }

    @Test
    void theStartUpCheckFailsALiveDeploymentWithAnUnprotectedTenantTableUnlessWaived() throws Exception {
        try (Connection owner = dataSource("tenantry_owner").getConnection(); Statement s = owner.createStatement()) {
            s.execute("SELECT tenantry_enable_row_security('projects')");   // again: idempotent, one policy
            s.execute("CREATE TABLE unprotected (organization_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (organization_id, id))");
        }
        try {
            assertThat(new dev.tenantry.tenancy.internal.RowSecurityStartupCheck().problems(appPool))
                    .containsExactly("tenant table unprotected has no row-level security: add"
                            + " SELECT tenantry_enable_row_security('unprotected') to a migration");
            assertThatThrownBy(() -> StartupChecks.run(appPool, AppMode.LIVE))
                    .isInstanceOf(TenantryException.class).hasMessageContaining("row-security failed in live mode")
                    .hasMessageContaining("unprotected").hasMessageContaining("TENANTRY_ROW_SECURITY_WAIVE");
            assertThat(StartupChecks.run(appPool, AppMode.DEMO)).hasSize(1);
            // what the metrics endpoint shows, for an alert on anything above 0
            assertThat(TenantryMetrics.gauge(TenantryMetrics.STARTUP_PROBLEMS, "", "check", "row-security").value())
                    .isEqualTo(1);
            System.setProperty(TenancySettings.ROW_SECURITY_WAIVE, "true");
            try {
                assertThat(StartupChecks.run(appPool, AppMode.LIVE)).hasSize(1);
            } finally {
                System.clearProperty(TenancySettings.ROW_SECURITY_WAIVE);
            }
            // a pool connecting as the superuser fails it too
            DataSource superuser = dataSource(db.endpoint().user());
            assertThatThrownBy(() -> StartupChecks.run(superuser, AppMode.LIVE)).hasMessageContaining("superuser");
        } finally {
            superuser("DROP TABLE unprotected");
        }
        assertThat(StartupChecks.run(appPool, AppMode.LIVE)).isEmpty();
        assertThat(TenantryMetrics.gauge(TenantryMetrics.STARTUP_PROBLEMS, "", "check", "row-security").value()).isZero();
    }

    @Test
    void jdbcWorkThroughTheEntityManagerIsPartOfItsTransaction() {
        // EclipseLink's exclusive connection (which RowSecurityListener turns on) reads outside the
        // transaction until its first write; a restore, a JDBC statement on the EntityManager's
        // connection, must still roll back with the transaction it ran in
        String shared = superuserRows("select id::text from projects where organization_id = '" + A + "' and name = 'shared'").get(0);
        superuser("UPDATE projects SET deleted_at = now() WHERE id = '" + shared + "'");
        long acquired = TenantryMetrics.timer(TenantryMetrics.CONNECTION_ACQUIRE, "").count();
        EntityManager em = TenantEntityManagers.open(emf, A);
        try {
            em.getTransaction().begin();
            SoftDeletes.restore(em, Project.class, UUID.fromString(shared));
            em.getTransaction().rollback();
        } finally {
            em.close();
        }
        assertThat(superuserRows("select (deleted_at is not null)::text from projects where id = '" + shared + "'"))
                .as("still deleted after the rollback").containsExactly("true");
        // the connection the EntityManager waited for is timed for the metrics endpoint
        assertThat(TenantryMetrics.timer(TenantryMetrics.CONNECTION_ACQUIRE, "").count()).isGreaterThan(acquired);
    }

    @Test
    void rawJdbcAsTheApplicationRoleTouchesOnlyTheTransactionsTenant() throws Exception {
        List<String> rowsOfA = superuserRows("select p::text from projects p where organization_id = '" + A + "' order by id");
        try (Connection c = appPool.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            // what Tenantry's statements do; set_config('tenantry.tenant_id', ..., true) does the same on plain
            // PostgreSQL, but a Citus cluster forwards only tenantry_set_scope's SET LOCAL to its workers
            s.execute("SELECT tenantry_set_scope('" + B + "', NULL)");
            assertThat(rows(s, "select name from projects order by name")).containsExactly("only " + B, "shared");
            assertThat(s.executeUpdate("update projects set name = name || ' (B)'")).isEqualTo(2);
            assertThat(s.executeUpdate("delete from notes")).isEqualTo(1);
            assertThat(s.executeUpdate("update projects set name = 'x' where organization_id = '" + A + "'")).isZero();
            c.commit();

            // what Tenantry's statements do; set_config('tenantry.tenant_id', ..., true) does the same on plain
            // PostgreSQL, but a Citus cluster forwards only tenantry_set_scope's SET LOCAL to its workers
            s.execute("SELECT tenantry_set_scope('" + B + "', NULL)");
            assertThatThrownBy(() -> s.executeUpdate("insert into projects values ('" + A + "', gen_random_uuid(), now(), now(), 1,"
                    + " NULL, 'smuggled')")).isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
            c.rollback();

            // no tenant: nothing to read, update or delete
            assertThat(rows(s, "select name from projects")).isEmpty();
            assertThat(s.executeUpdate("update projects set name = 'none'")).isZero();
            assertThat(s.executeUpdate("delete from projects")).isZero();
            c.commit();
        }
        assertThat(superuserRows("select p::text from projects p where organization_id = '" + A + "' order by id")).isEqualTo(rowsOfA);
        assertThat(superuserRows("select count(*) from notes where organization_id = '" + A + "'")).containsExactly("1");
    }

    @Test
    void nativeSqlThroughThePluginsEntityManagerTouchesOnlyItsTenant() {
        List<String> rowsOfA = superuserRows("select p::text from projects p where organization_id = '" + A + "' order by id");
        assertThat(this.<List<String>>inTransaction(B, em -> nativeNames(em))).containsExactly("only " + B, "shared");
        assertThat(this.<Integer>inTransaction(B, em -> em.createNativeQuery("update projects set name = name || ' (B)'")
                .setHint(ALLOW_NATIVE, true).executeUpdate())).isEqualTo(2);
        assertThat(this.<Integer>inTransaction(B, em -> em.createNativeQuery("delete from notes").setHint(ALLOW_NATIVE, true).executeUpdate()))
                .isEqualTo(1);
        assertThat(superuserRows("select p::text from projects p where organization_id = '" + A + "' order by id")).isEqualTo(rowsOfA);
        assertThat(superuserRows("select count(*) from notes where organization_id = '" + A + "'")).containsExactly("1");

        // outside a transaction (autocommit reads) too
        EntityManager em = TenantEntityManagers.open(emf, B);
        try {
            assertThat(nativeNames(em)).containsExactly("only " + B + " (B)", "shared (B)");
        } finally {
            em.close();
        }
    }

    @Test
    void withNoTenantNativeSqlSeesNothing() {
        EntityManager em = emf.createEntityManager();
        try {
            assertThat(nativeNames(em)).isEmpty();
            em.getTransaction().begin();
            assertThat(em.createNativeQuery("delete from projects").setHint(ALLOW_NATIVE, true).executeUpdate()).isZero();
            em.getTransaction().commit();
        } finally {
            em.close();
        }
        assertThat(superuserRows("select count(*) from projects")).containsExactly("4");
    }

    @Test
    void aPooledConnectionNeverCarriesTheLastTenantToItsNextBorrower() throws Exception {
        String backend = borrowed("select pg_backend_pid()::text");
        inTransaction(A, em -> nativeNames(em));
        assertThat(borrowed("select coalesce(current_setting('tenantry.tenant_id', true), '')")).isEmpty();
        assertThat(borrowed("select count(*)::text from projects")).isEqualTo("0");

        EntityManager em = TenantEntityManagers.open(emf, A);   // autocommit read: session-level, then cleared
        try {
            assertThat(nativeNames(em)).containsExactly("only " + A, "shared");
        } finally {
            em.close();
        }
        assertThat(borrowed("select coalesce(current_setting('tenantry.tenant_id', true), '')")).isEmpty();
        assertThat(borrowed("select pg_backend_pid()::text")).as("one pooled connection throughout").isEqualTo(backend);
    }

    @Test
    void ormReadsAndWritesWorkUnderRowSecurity() {
        inTransaction(B, em -> {
            em.persist(new Project("written by B"));
            return null;
        });
        assertThat(this.<List<String>>inTransaction(B, em -> em.createQuery("select p.name from Project p order by p.name", String.class)
                .getResultList())).containsExactly("only " + B, "shared", "written by B");
        assertThat(superuserRows("select organization_id::text from projects where name = 'written by B'"))
                .containsExactly(B.toString());
    }

    @Test
    void organizationsAndMembershipsWorkUnderRowSecurityAndMembershipsStayInTheirOrganization() throws Exception {
        Organization acme = inPlainTransaction(em -> new OrganizationService(em).create("Acme", "acme-rls", "alice"));
        Organization other = inPlainTransaction(em -> new OrganizationService(em).create("Other", "other-rls", "mallory"));
        TenantId a = acme.tenantId();
        inPlainTransaction(em -> new OrganizationService(em).invite(a, "bob", Role.MEMBER, "alice"));
        inPlainTransaction(em -> new OrganizationService(em).changeRole(a, "bob", Role.ADMIN, "alice"));
        assertThatThrownBy(() -> inPlainTransaction(em -> new OrganizationService(em).changeRole(a, "alice", Role.MEMBER, "alice")))
                .as("the last-owner rule still sees every owner").isInstanceOf(LastOwnerException.class);

        EntityManager em = emf.createEntityManager();   // lookups outside a transaction, as the request filter does
        try {
            OrganizationService service = new OrganizationService(em);
            assertThat(service.membership("acme-rls", "bob").getRole()).isEqualTo(Role.ADMIN);
            assertThat(service.membershipsOf("alice")).extracting(Membership::tenantId).containsExactly(a);
            assertThat(service.members(a, "bob")).extracting(Membership::getPrincipal).containsExactly("alice", "bob");
            assertThatThrownBy(() -> service.membership("other-rls", "bob")).isInstanceOf(OrganizationNotFoundException.class);
        } finally {
            em.close();
        }
        inPlainTransaction(e -> {
            new OrganizationService(e).remove(a, "bob", "alice");
            return null;
        });
        assertThat(superuserRows("select principal || ':' || role from memberships where organization_id = '" + a + "'"))
                .containsExactly("alice:OWNER");

        // raw JDBC as the runtime role: a tenant sees its own organization's memberships, a principal its own, nothing else
        try (Connection c = appPool.getConnection()) {
            assertThat(queried(RowSecurity.prepareStatement(c, other.tenantId(), "select principal from memberships")))
                    .containsExactly("mallory");
            assertThat(queried(c.prepareStatement("select principal from memberships"))).isEmpty();
            c.setAutoCommit(false);   // on Citus the scope reaches the workers inside a transaction only
            try (var ps = c.prepareStatement("select tenantry_set_scope(NULL, 'alice'); select organization_id::text"
                    + " from memberships")) {
                ps.execute();
                ps.getMoreResults();
                try (ResultSet rs = ps.getResultSet()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(a.toString());
                    assertThat(rs.next()).isFalse();
                }
            }
            c.rollback();
            c.setAutoCommit(true);
            try (var smuggle = RowSecurity.prepareStatement(c, other.tenantId(), "insert into memberships values (?, gen_random_uuid(),"
                    + " now(), now(), 1, 'mallory', 'OWNER')")) {
                smuggle.setObject(1, a.value());
                assertThatThrownBy(smuggle::executeUpdate).isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
            }
            try (var promote = RowSecurity.prepareStatement(c, other.tenantId(), "update memberships set role = 'OWNER'"
                    + " where principal = 'bob' or organization_id = ?")) {
                promote.setObject(1, a.value());
                assertThat(promote.executeUpdate()).isZero();
            }
        }
        assertThat(superuserRows("select principal || ':' || role from memberships where organization_id = '" + a + "'"))
                .containsExactly("alice:OWNER");
    }

    @Test
    void everyJdbcPathOfAPluginConnectionCarriesItsTenant() throws Exception {
        try (Connection pooled = appPool.getConnection()) {
            Connection c = RowSecurityConnections.wrap(pooled);
            RowSecurityConnections.bind(c, A.value());
            // prepared, autocommit: each statement in its own implicit transaction with the tenant
            try (var ps = c.prepareStatement("select name from projects where name like ? order by name")) {
                ps.setString(1, "%");
                assertThat(column(ps.executeQuery())).containsExactly("only " + A, "shared");
                ps.clearParameters();
                ps.setString(1, "only%");
                assertThat(ps.execute()).isTrue();
                assertThat(column(ps.getResultSet())).containsExactly("only " + A);
            }
            try (var ps = c.prepareStatement("update notes set text = text || ?")) {
                ps.setString(1, " (A)");
                assertThat(ps.executeUpdate()).isEqualTo(1);
                assertThatThrownBy(() -> c.prepareStatement("select 1").executeUpdate()).isInstanceOf(SQLException.class)
                        .hasMessageContaining("result was returned");
            }
            // plain statements get the tenant as a literal
            try (Statement s = c.createStatement()) {
                assertThat(rows(s, "select count(*) from projects")).containsExactly("2");
            }
            // a batch in a transaction: the tenant is set once, before it
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement("insert into notes values (?, gen_random_uuid(), now(), now(), 1, ?)")) {
                for (String body : List.of("batched 1", "batched 2")) {
                    ps.setObject(1, A.value());
                    ps.setString(2, body);
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).containsExactly(1, 1);
            }
            c.commit();
            c.setAutoCommit(true);
            // a principal one statement set does not stay in force for the next of its transaction, also
            // when that one was prepared in autocommit (where it carries the tenant only)
            String principalSql = "select coalesce(current_setting('tenantry.principal', true), '')";
            try (var preparedInAutocommit = c.prepareStatement(principalSql)) {
                assertThat(column(preparedInAutocommit.executeQuery())).containsExactly("");
                c.setAutoCommit(false);
                assertThat(RowSecurityScope.call(null, "alice", () -> {
                    try (Statement s = c.createStatement()) {
                        return rows(s, principalSql);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                })).containsExactly("alice");
                assertThat(column(preparedInAutocommit.executeQuery())).containsExactly("");
                try (var preparedInTransaction = c.prepareStatement(principalSql)) {
                    assertThat(column(preparedInTransaction.executeQuery())).containsExactly("");
                }
                c.rollback();
                c.setAutoCommit(true);
            }
            RowSecurityConnections.bind(c, null);
            // a principal name goes into SQL text safely, whatever it holds: quotes, backslashes, the
            // dollar-quote tags themselves (a name ending in "$tenantry" once closed the quote early),
            // statement separators, comments, non-ASCII and astral characters
            for (String principal : List.of("o'brien $tenantry$ \\ ;", "x$tenantry", "x$tenantry0", "$tenantry",
                    "$tenantry$", "$$", "$", "a$", "'); select pg_sleep(5); --", "\\'", "-- comment", "/* open",
                    "名前 ü \uD83D\uDE00", " ", "e'\\x41'", "tenantry$")) {
                assertThat(RowSecurityScope.call(null, principal, () -> {
                    try (Statement s = c.createStatement()) {
                        return rows(s, "select current_setting('tenantry.principal')");
                    } catch (SQLException e) {
                        throw new IllegalStateException(principal, e);
                    }
                })).as(principal).containsExactly(principal);
            }
            try (Statement s = c.createStatement()) {
                assertThat(rows(s, "select count(*) from projects")).as("unbound and no scope: nothing").containsExactly("0");
                assertThat(rows(s, "select coalesce(current_setting('tenantry.tenant_id', true), '')"
                        + " || coalesce(current_setting('tenantry.principal', true), '')")).containsExactly("");
            }
        }
        assertThat(superuserRows("select text from notes where organization_id = '" + A + "' order by text"))
                .containsExactly("batched 1", "batched 2", "note of " + A + " (A)");
        assertThat(superuserRows("select text from notes where organization_id = '" + B + "'")).containsExactly("note of " + B);
    }

    private static List<String> nativeNames(EntityManager em) {
        List<String> names = new ArrayList<>();
        for (Object name : em.createNativeQuery("select name from projects order by name").setHint(ALLOW_NATIVE, true)
                .getResultList()) {
            names.add((String) name);
        }
        return names;
    }

    private <R> R inTransaction(TenantId tenant, Function<EntityManager, R> work) {
        return Transactions.inTransaction(TenantEntityManagers.open(emf, tenant), work);
    }

    private <R> R inPlainTransaction(Function<EntityManager, R> work) {
        return Transactions.inTransaction(emf.createEntityManager(), work);
    }

    private static List<String> queried(PreparedStatement statement) throws SQLException {
        try (statement) {
            return column(statement.executeQuery());
        }
    }

    private static List<String> column(ResultSet resultSet) throws SQLException {
        try (resultSet) {
            List<String> out = new ArrayList<>();
            while (resultSet.next()) {
                out.add(resultSet.getString(1));
            }
            return out;
        }
    }

    private String borrowed(String query) throws SQLException {
        try (Connection c = appPool.getConnection(); Statement s = c.createStatement()) {
            List<String> out = rows(s, query);
            return out.isEmpty() ? null : out.get(0);
        }
    }

    private DataSource dataSource(String user) {
        return rls.as(user);
    }

    private void superuser(String statement) {
        db.execute(statement);
    }

    private List<String> superuserRows(String query) {
        return db.rows(query);
    }

    private static List<String> rows(Statement s, String query) throws SQLException {
        return column(s.executeQuery(query));
    }
}
