package dev.tenantry.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.crypto.Encryption;
import dev.tenantry.crypto.KeyRing;
import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.embedded.Transactions;
import dev.tenantry.persistence.metrics.Counter;
import dev.tenantry.persistence.metrics.TenantryMetrics;
import dev.tenantry.persistence.migration.MigrationRunner;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.persistence.softdelete.SoftDeletes;
import dev.tenantry.tenancy.AccessDeniedException;
import dev.tenantry.tenancy.OrganizationService;
import dev.tenantry.tenancy.Role;
import dev.tenantry.tenancy.TenantContext;
import dev.tenantry.tenancy.TenantEntityManagers;
import dev.tenantry.tenancy.TenantId;
import dev.tenantry.tenancy.Tenants;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Activities on real PostgreSQL: exact rows per change, atomicity, redaction, tenant isolation,
 * retention; an entity's Activity row travels in the round trip of the entity's own statement (here
 * without row-level security, through the statement-carrying connections the first audited write
 * installs), and that way never loses an activity, writes one twice (statement reuse, JDBC batches)
 * or keeps one whose statement failed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTest {

    private static final String SECRET = "sk_live_do-not-log-4242";

    private TestDatabase db;
    private EntityManagerFactory emf;
    private DataSource ds;
    private TenantId a;
    private TenantId b;

    @BeforeAll
    void database() {
        db = TestDatabase.create(getClass().getSimpleName());
        ds = db.endpoint().dataSource();
        Encryption.install(KeyRing.generated());
        emf = migrateAndOpen(db);
        a = AuditContext.callAs("alice", null, () -> plain(em -> new OrganizationService(em).create("A", "org-a", "alice").tenantId()));
        b = AuditContext.callAs("bob", null, () -> plain(em -> new OrganizationService(em).create("B", "org-b", "bob").tenantId()));
    }

    /**
     * Migrates the database and opens the factory the tests use: here as the superuser, without
     * row-level security ({@link AuditUnderRowSecurityTest} runs the same tests as the README's runtime role).
     */
    EntityManagerFactory migrateAndOpen(TestDatabase database) {
        new MigrationRunner(ds, getClass().getClassLoader(), List.of("classpath:db/migration")).migrate();
        return Persistence.createEntityManagerFactory("audit-test", database.endpoint().jpaProperties());
    }

    /**
     * A factory of the unit over {@code dataSource}, for tests that need one of their own (other
     * settings, a recording DataSource); the caller closes it.
     */
    EntityManagerFactory factory(DataSource dataSource, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put("jakarta.persistence.nonJtaDataSource", dataSource);
        props.put("eclipselink.session-name", "audit-" + UUID.randomUUID());
        return Persistence.createEntityManagerFactory("audit-test", props);
    }

    /** @return the DataSource the unit connects through: here the superuser's */
    DataSource unitDataSource() {
        return ds;
    }

    /** @return whether the unit runs under row-level security */
    boolean rowSecurity() {
        return false;
    }

    @AfterAll
    void close() {
        emf.close();
        Encryption.reset();
        db.close();
    }

    @Test
    void createUpdateDeleteRestoreEachWriteExactlyTheirActivity() {
        UUID id = AuditContext.callAs("alice", "req-1", () -> as(a, em -> new Repository<>(Invoice.class, em)
                .save(new Invoice("INV-1", 1000, SECRET, "private note")).getId()));
        AuditContext.runAs("carol", "req-2", () -> as(a, em -> {
            Invoice i = new Repository<>(Invoice.class, em).get(id);
            i.setAmountCents(1250);
            i.setSecret(SECRET + "-rotated");
            i.setNote("another private note");
            return null;
        }));
        AuditContext.runAs("alice", "req-3", () -> as(a, em -> {
            new Repository<>(Invoice.class, em).deleteById(id);
            return null;
        }));
        AuditContext.runAs("dave", "req-4", () -> as(a, em -> new Repository<>(Invoice.class, em).restore(id)));

        assertThat(rows("select type, actor, organization_id, correlation_id, entity_type, metadata::text from activities"
                + " where entity_id = '" + id + "' order by created_at, id")).containsExactly(
                "created|alice|" + a + "|req-1|Invoice|{\"changes\": {\"note\": {\"changed\": true}, \"number\": {\"new\": \"INV-1\"},"
                        + " \"secret\": {\"changed\": true}, \"amountCents\": {\"new\": 1000}}}",
                "updated|carol|" + a + "|req-2|Invoice|{\"changes\": {\"note\": {\"changed\": true}, \"secret\": {\"changed\": true},"
                        + " \"amountCents\": {\"new\": 1250, \"old\": 1000}}}",
                "deleted|alice|" + a + "|req-3|Invoice|{}",
                "restored|dave|" + a + "|req-4|Invoice|{}");
        assertThat(this.<List<String>>as(a, em -> new Activities(em).forEntity(Invoice.class, id).page(10, null).items()
                .stream().map(Activity::getType).toList())).containsExactly("restored", "deleted", "updated", "created");
    }

    @Test
    void directWritesWriteTheirActivityInTheirOwnStatementAndOnlyWhenTheyWrite() {
        UUID id = as(a, em -> new Repository<>(Invoice.class, em).save(new Invoice("INV-D", 100, SECRET, "n")).getId());
        // outside a transaction: one autocommitted statement, activity included; the secret is encrypted for its place
        AuditContext.runAs("erin", "req-d1", () -> outside(a, em -> new Repository<>(Invoice.class, em).direct().update(id, 1L,
                Map.of("amountCents", 150L, "secret", SECRET + "-d", "number", "INV-D"))));
        assertThat(this.<String>as(a, em -> new Repository<>(Invoice.class, em).get(id).getSecret())).isEqualTo(SECRET + "-d");
        assertThat(rows("select secret from invoices where id = '" + id + "'").get(0)).startsWith("tnc2:");
        // changes nothing visible: no activity; a stale version, a failing value: no write, no activity
        AuditContext.runAs("erin", "req-d2", () -> outside(a, em -> new Repository<>(Invoice.class, em).direct().update(id, null,
                Map.of("amountCents", 150L))));
        assertThatThrownBy(() -> outside(a, em -> new Repository<>(Invoice.class, em).direct().update(id, 1L,
                Map.of("amountCents", 1L)))).isInstanceOf(jakarta.persistence.OptimisticLockException.class);
        assertThatThrownBy(() -> as(a, em -> new Repository<>(Invoice.class, em).direct().update(id, null,
                Map.of("amountCents", 2L, "number", "bad\0")))).isInstanceOf(dev.tenantry.persistence.errors.InvalidValueException.class);
        // inside a transaction that then fails: rolled back with it, activity and all
        assertThatThrownBy(() -> as(a, em -> {
            new Repository<>(Invoice.class, em).direct().update(id, null, Map.of("amountCents", 3L));
            throw new IllegalStateException("the business operation fails");
        })).hasMessageContaining("fails");
        AuditContext.runAs("frank", "req-d3", () -> as(a, em -> {
            new Repository<>(Invoice.class, em).direct().delete(id, 3L);
            return null;
        }));

        assertThat(rows("select type, actor, organization_id, correlation_id, entity_type, metadata::text from activities"
                + " where entity_id = '" + id + "' order by created_at, id")).containsExactly(
                "created|" + AuditContext.actor() + "|" + a + "|null|Invoice|{\"changes\": {\"note\": {\"changed\": true}, \"number\": {\"new\":"
                        + " \"INV-D\"}, \"secret\": {\"changed\": true}, \"amountCents\": {\"new\": 100}}}",
                "updated|erin|" + a + "|req-d1|Invoice|{\"changes\": {\"secret\": {\"changed\": true}, \"amountCents\":"
                        + " {\"new\": 150, \"old\": 100}}}",
                "deleted|frank|" + a + "|req-d3|Invoice|{}");
        assertThat(rows("select version, amount_cents, deleted_at is not null from invoices where id = '" + id + "'"))
                .containsExactly("4|150|t");
        // tenant b sees none of it and cannot write it
        assertThatThrownBy(() -> outside(b, em -> new Repository<>(Invoice.class, em).direct().update(id, null,
                Map.of("amountCents", 9L)))).isInstanceOf(dev.tenantry.persistence.repository.RecordNotFoundException.class);
        assertThat(rows("select count(*) from activities where entity_id = '" + id + "' and organization_id = '" + b + "'"))
                .containsExactly("0");
    }

    @Test
    void aDirectInsertWritesTheCreatedActivityAnEntityInsertWouldInItsOwnStatementAndOnlyWhenItInserts() {
        UUID saved = AuditContext.callAs("gina", "req-i0", () -> as(a, em -> new Repository<>(Invoice.class, em)
                .save(new Invoice("INV-I0", 700, SECRET, "n")).getId()));
        // outside a transaction: one autocommitted statement; the secret encrypted for its place, readable back
        UUID direct = AuditContext.callAs("gina", "req-i1", () -> outside(a, em -> new Repository<>(Invoice.class, em).direct()
                .insert(new Invoice("INV-I1", 700, SECRET, "n")).getId()));
        assertThat(this.<String>as(a, em -> new Repository<>(Invoice.class, em).get(direct).getSecret())).isEqualTo(SECRET);
        assertThat(rows("select secret from invoices where id = '" + direct + "'").get(0)).startsWith("tnc2:");
        // the same activity as the entity insert's, bar the entity's own values
        assertThat(rows("select type || '|' || actor || '|' || organization_id || '|' || correlation_id || '|' || entity_type"
                + " || '|' || replace(metadata::text, 'INV-I1', 'INV-I0') from activities where entity_id = '" + direct + "'"))
                .containsExactlyElementsOf(rows("select type || '|' || actor || '|' || organization_id || '|' || replace("
                        + "correlation_id, 'req-i0', 'req-i1') || '|' || entity_type || '|' || metadata::text from activities"
                        + " where entity_id = '" + saved + "'"));
        // a refused insert and one in a transaction that fails later: no row, no activity
        long activities = Long.parseLong(rows("select count(*) from activities").get(0));
        long invoices = Long.parseLong(rows("select count(*) from invoices").get(0));
        assertThatThrownBy(() -> outside(a, em -> new Repository<>(Invoice.class, em).direct()
                .insert(new Invoice("bad\0", 1, SECRET, "n")))).isInstanceOf(dev.tenantry.persistence.errors.InvalidValueException.class);
        assertThatThrownBy(() -> outside(a, em -> new Repository<>(Invoice.class, em).direct()
                .insert(new Invoice(null, 1, SECRET, "n")))).isInstanceOf(dev.tenantry.persistence.errors.NotNullViolationException.class)
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> as(a, em -> {
            new Repository<>(Invoice.class, em).direct().insert(new Invoice("INV-I2", 1, SECRET, "n"));
            throw new IllegalStateException("the business operation fails");
        })).hasMessageContaining("fails");
        assertThatThrownBy(() -> as(a, em -> {
            em.setProperty(dev.tenantry.tenancy.TenancySettings.ROLE_PROPERTY, Role.VIEWER.name());
            return new Repository<>(Invoice.class, em).direct().insert(new Invoice("INV-I3", 1, SECRET, "n"));
        })).isInstanceOf(AccessDeniedException.class);
        assertThat(rows("select count(*) from activities")).containsExactly(String.valueOf(activities));
        assertThat(rows("select count(*) from invoices")).containsExactly(String.valueOf(invoices));
        // tenant b sees neither the row nor its activity
        assertThat(this.<Boolean>as(b, em -> new Repository<>(Invoice.class, em).find(direct).isPresent())).isFalse();
        assertThat(this.<Long>as(b, em -> new Activities(em).forEntity(Invoice.class, direct).page(10, null).items().stream()
                .count())).isZero();
        assertThat(rows("select metadata::text from activities where entity_id = '" + direct + "'").get(0)).doesNotContain(SECRET);
    }

    /** The trail is read-only to the single-statement path too, even where the role could write it (here the owner). */
    @Test
    void anActivityCannotBeRewrittenOrDeletedByADirectWrite() {
        UUID invoice = as(a, em -> new Repository<>(Invoice.class, em).save(new Invoice("INV-RO", 1, SECRET, "n")).getId());
        UUID activity = UUID.fromString(rows("select id from activities where entity_id = '" + invoice + "'").get(0));
        List<String> before = rows("select a::text from activities a where id = '" + activity + "'");
        for (boolean inTransaction : List.of(false, true)) {
            for (Function<EntityManager, ?> write : List.<Function<EntityManager, ?>>of(
                    em -> new Repository<>(Activity.class, em).direct().update(activity, null, Map.of("actor", "someone else")),
                    em -> {
                        new Repository<>(Activity.class, em).direct().delete(activity, null);
                        return null;
                    })) {
                assertThatThrownBy(() -> {
                    if (inTransaction) {
                        as(a, write);
                    } else {
                        outside(a, write);
                    }
                }).isInstanceOf(dev.tenantry.persistence.errors.InvalidValueException.class).hasMessageContaining("read-only");
            }
        }
        assertThat(rows("select a::text from activities a where id = '" + activity + "'")).isEqualTo(before);
    }

    @Test
    void aDirectWritesActivityHasTheRowsTimeAndNoCorrelationIdWhenNoneIsSet() {
        UUID id = as(a, em -> new Repository<>(Invoice.class, em).save(new Invoice("INV-T", 100, SECRET, "n")).getId());
        outside(a, em -> new Repository<>(Invoice.class, em).direct().update(id, null, Map.of("amountCents", 101L)));
        assertThat(rows("select a.correlation_id is null, a.created_at = i.updated_at, a.updated_at = i.updated_at"
                + " from activities a join invoices i on i.organization_id = a.organization_id and i.id = a.entity_id"
                + " where a.organization_id = '" + a + "' and a.entity_id = '" + id + "' and a.type = 'updated'"))
                .containsExactly("t|t|t");
    }

    private <R> R outside(TenantId tenant, Function<EntityManager, R> work) {
        EntityManager em = TenantEntityManagers.open(emf, tenant);
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }

    @Test
    void aTransactionThatThrowsAfterWritingLeavesNoActivity() {
        assertThatThrownBy(() -> as(a, em -> {
            new Repository<>(Invoice.class, em).save(new Invoice("INV-ROLLBACK", 1, null, null));
            em.flush();   // the INSERT and its activity are written...
            throw new IllegalStateException("...and then the business operation fails");
        })).hasMessageContaining("business operation fails");
        assertThat(rows("select count(*) from invoices where number = 'INV-ROLLBACK'")).containsExactly("0");
        assertThat(rows("select count(*) from activities where metadata::text like '%INV-ROLLBACK%'")).containsExactly("0");
    }

    @Test
    void anEncryptedFieldsValueOrCiphertextNeverAppearsInAnyActivity() {
        UUID id = as(b, em -> new Repository<>(Invoice.class, em).save(new Invoice("INV-S", 5, SECRET, "n")).getId());
        as(b, em -> {
            new Repository<>(Invoice.class, em).get(id).setSecret(SECRET + "-2");
            return null;
        });
        String ciphertext = rows("select secret from invoices where id = '" + id + "'").get(0);
        assertThat(ciphertext).startsWith("tnc2:");   // bound to invoices.secret and tenant b
        for (String activity : rows("select coalesce(description, '') || ' ' || metadata::text from activities")) {
            assertThat(activity).doesNotContain(SECRET).doesNotContain("tnc1:").doesNotContain("tnc2:").doesNotContain(ciphertext.substring(8, 30));
        }
    }

    @Test
    void tenantBCannotReadTenantAsActivities() {
        UUID ofA = as(a, em -> new Repository<>(Invoice.class, em).save(new Invoice("INV-A", 1, null, null)).getId());
        assertThat(this.<List<Activity>>as(b, em -> new Activities(em).forEntity(Invoice.class, ofA).page(10, null).items())).isEmpty();
        assertThat(this.<List<Activity>>as(b, em -> new Activities(em).byActor("alice").page(500, null).items())).isEmpty();
        List<Activity> all = as(b, em -> new Activities(em).page(500, null).items());
        assertThat(all).isNotEmpty().allSatisfy(act -> assertThat(act.getEntityId()).isNotEqualTo(java.util.Optional.of(ofA)));
        assertThat(rows("select count(*) from activities where organization_id = '" + b + "'"))
                .containsExactly(String.valueOf(all.size()));
    }

    @Test
    void namesNoActivityCanHoldAreRefusedBeforeTheWorkAndMatchNothing() {
        String before = rows("select count(*) from activities").get(0);
        for (String odd : List.of("al\u0000ice", "alice\udc00")) {
            java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
            assertThatThrownBy(() -> AuditContext.runAs(odd, null, () -> ran.set(true)))
                    .isInstanceOf(dev.tenantry.persistence.errors.InvalidValueException.class)
                    .hasMessageStartingWith("The value of Activity.actor ");
            assertThatThrownBy(() -> AuditContext.runAs("alice", odd, () -> ran.set(true)))
                    .isInstanceOf(dev.tenantry.persistence.errors.InvalidValueException.class)
                    .hasMessageStartingWith("The value of Activity.correlationId ");
            assertThat(ran).isFalse();
            assertThat(AuditContext.actor()).isEqualTo(AuditContext.SYSTEM);
            // asked for, such an actor has done nothing: no statement fails on it
            assertThat(this.<List<Activity>>as(a, em -> new Activities(em).byActor(odd).page(10, null).items())).isEmpty();
            // the last actor asked for is the one that counts
            assertThat(this.<List<Activity>>as(a, em -> new Activities(em).byActor(odd).byActor("alice").page(10, null).items()))
                    .isNotEmpty();
        }
        assertThatThrownBy(() -> as(a, em -> new Activities(em).page(Activities.MAX_PAGE + 1, null)))
                .isInstanceOf(dev.tenantry.persistence.paging.InvalidPagingException.class);
        assertThatThrownBy(() -> as(a, em -> new Activities(em).byActor("x\u0000").page(10, "not-a-cursor")))
                .isInstanceOf(dev.tenantry.persistence.paging.InvalidCursorException.class);
        assertThat(rows("select count(*) from activities")).containsExactly(before);
    }

    @Test
    void bulkStatementsOnAuditedEntitiesAreAuditedOnceWithScopeAndCount() {
        as(b, em -> new Repository<>(Invoice.class, em).save(new Invoice("INV-BULK", 7, null, null)));
        int changed = AuditContext.callAs("bob", null, () -> as(b, em -> em.createQuery("update Invoice i set i.note = :n")
                .setParameter("n", "value-not-logged").executeUpdate()));
        assertThat(changed).isPositive();
        assertThat(rows("select actor || '|' || (metadata->>'rows') || '|' || (metadata->>'statement') from activities"
                + " where type = 'bulk-updated' and organization_id = '" + b + "'"))
                .containsExactly("bob|" + changed + "|update Invoice i set i.note = :n");
        as(b, em -> em.createQuery("update Invoice i set i.note = 'literal-" + SECRET + "' where i.number <> 'x'").executeUpdate());
        assertThat(rows("select metadata->>'statement' from activities where type = 'bulk-updated' and organization_id = '" + b
                + "' and metadata->>'statement' like '%where%'")).containsExactly("update Invoice i set i.note = '…' where i.number <> '…'");
    }

    @Test
    void organizationAndMembershipChangesAreActivitiesOfTheOrganization() {
        TenantId org = AuditContext.callAs("erin", null, () -> plain(em -> new OrganizationService(em).create("C", "org-c", "erin")
                .tenantId()));
        AuditContext.runAs("erin", null, () -> plain(em -> new OrganizationService(em).invite(org, "frank", Role.MEMBER, "erin")));
        AuditContext.runAs("erin", null, () -> plain(em -> new OrganizationService(em).changeRole(org, "frank", Role.ADMIN, "erin")));
        AuditContext.runAs("erin", null, () -> plain(em -> {
            new OrganizationService(em).remove(org, "frank", "erin");
            return null;
        }));
        assertThat(rows("select type || '|' || actor || '|' || metadata::text from activities where organization_id = '" + org
                + "' order by created_at, id")).containsExactly(
                "organization.created|erin|{\"name\": \"C\", \"slug\": \"org-c\"}",
                "member.added|erin|{\"role\": \"OWNER\", \"principal\": \"erin\"}",
                "member.added|erin|{\"role\": \"MEMBER\", \"principal\": \"frank\"}",
                "member.role-changed|erin|{\"role\": {\"new\": \"ADMIN\", \"old\": \"MEMBER\"}, \"principal\": \"frank\"}",
                "member.removed|erin|{\"role\": \"ADMIN\", \"principal\": \"frank\"}");
    }

    @Test
    void keysetPagesAreNewestFirstWithoutGapsOrRepeats() {
        UUID id = as(a, em -> new Repository<>(Invoice.class, em).save(new Invoice("INV-PAGES", 0, null, null)).getId());
        for (int i = 1; i <= 6; i++) {
            long amount = i;
            as(a, em -> {
                new Repository<>(Invoice.class, em).get(id).setAmountCents(amount);
                return null;
            });
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            String from = cursor;
            ActivityPage page = as(a, em -> new Activities(em).forEntity(Invoice.class, id).page(2, from));
            page.items().forEach(act -> seen.add(act.getMetadata()));
            cursor = page.next().orElse(null);
        } while (cursor != null);
        assertThat(seen).hasSize(7);
        assertThat(new HashSet<>(seen)).hasSize(7);
        assertThat(seen.get(0)).contains("\"new\": 6");
        assertThat(seen.get(6)).contains("INV-PAGES");
        assertThatThrownBy(() -> as(a, em -> new Activities(em).page(2, "not-a-cursor")))
                .isInstanceOf(dev.tenantry.persistence.paging.InvalidCursorException.class);
    }

    @Test
    void retentionPurgesOldActivitiesInBatchesAndAuditsTheRunOnce() throws SQLException {
        for (int i = 0; i < 5; i++) {
            sql("INSERT INTO activities (organization_id, id, created_at, updated_at, actor, type) VALUES ('" + a + "', '"
                    + UUID.randomUUID() + "', now() - interval '400 days', now(), 'old', 'ancient')");
            sql("INSERT INTO activities (organization_id, id, created_at, updated_at, actor, type) VALUES ('" + b + "', '"
                    + UUID.randomUUID() + "', now() - interval '400 days', now(), 'old', 'ancient')");
        }
        long purged = AuditContext.callAs("system:retention", null, () -> {
            try {
                return new ActivityRetention(ds).purge(a, Duration.ofDays(365), 2);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(purged).isEqualTo(5);
        assertThat(rows("select count(*) from activities where type = 'ancient' and organization_id = '" + a + "'")).containsExactly("0");
        assertThat(rows("select count(*) from activities where type = 'ancient' and organization_id = '" + b + "'")).containsExactly("5");
        assertThat(rows("select actor || '|' || (metadata->>'rows') from activities where type = 'activities.purged'"))
                .containsExactly("system:retention|5");
    }

    @Test
    void purgingSoftDeletedAuditedRowsIsOneActivity() {
        UUID id = as(b, em -> new Repository<>(Invoice.class, em).save(new Invoice("INV-OLD", 1, null, null)).getId());
        as(b, em -> {
            new Repository<>(Invoice.class, em).deleteById(id);
            return null;
        });
        sql("UPDATE invoices SET deleted_at = now() - interval '60 days' WHERE id = '" + id + "'");
        long purged = as(b, em -> SoftDeletes.purge(em, Invoice.class, Duration.ofDays(30), 10));
        assertThat(purged).isEqualTo(1);
        assertThat(rows("select metadata->>'rows' from activities where type = 'purged' and organization_id = '" + b + "'"))
                .containsExactly("1");
    }

    @Test
    void propagatedWorkKeepsTheMembersRoleActorAndCorrelationId() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // a MEMBER's task, submitted from its request's thread: audited as the member, same correlation id
            UUID id = AuditContext.callAs("mia", "req-async", () -> Tenants.callAs(new TenantContext(a, "mia", Role.MEMBER),
                    () -> pool.submit(Tenants.propagate(() -> Transactions.inTransaction(TenantEntityManagers.openForCurrentTenant(emf),
                            em -> new Repository<>(Invoice.class, em).save(new Invoice("INV-ASYNC", 10, null, null)).getId())))
                            .get(20, TimeUnit.SECONDS)));
            assertThat(rows("select actor || '|' || correlation_id from activities where entity_id = '" + id + "'"))
                    .containsExactly("mia|req-async");

            // a VIEWER's task cannot write, and leaves nothing behind
            Future<Object> viewerTask = AuditContext.callAs("vera", "req-viewer", () -> Tenants.callAs(
                    new TenantContext(a, "vera", Role.VIEWER), () -> pool.submit(Tenants.propagate(
                            () -> Transactions.inTransaction(TenantEntityManagers.openForCurrentTenant(emf),
                                    em -> new Repository<>(Invoice.class, em).save(new Invoice("INV-VIEWER", 10, null, null)))))));
            assertThatThrownBy(() -> viewerTask.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(AccessDeniedException.class);
            assertThat(rows("select count(*) from invoices where number = 'INV-VIEWER'")).containsExactly("0");

            // the pool thread keeps nothing afterwards
            assertThat(pool.submit(() -> AuditContext.actor() + "|" + Tenants.currentContext().isPresent()).get())
                    .isEqualTo(AuditContext.SYSTEM + "|false");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oneActivityPerWriteWhenEclipseLinkReusesStatementsOrBatchesThem() {
        for (Map<String, Object> setting : List.<Map<String, Object>>of(
                Map.of("eclipselink.jdbc.cache-statements", "true"),
                Map.of("eclipselink.jdbc.batch-writing", "JDBC", "eclipselink.jdbc.batch-writing.size", "10"))) {
            EntityManagerFactory emf = factory(unitDataSource(), setting);
            Counter activities = TenantryMetrics.counter(TenantryMetrics.AUDIT_ACTIVITIES, "");
            long counted = activities.count();
            long rowsBefore = Long.parseLong(db.rows("select count(*) from activities").get(0));
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
                    assertThat(db.rows("select type from activities where entity_id = '" + id + "' order by created_at, id"))
                            .as("%s, %s", setting, id)
                            .containsExactlyElementsOf(id.equals(ids.get(0)) ? List.of("created", "updated", "deleted")
                                    : List.of("created", "updated"));
                }
                // the metrics endpoint counts the rows written, batched and carried ones alike
                long rowsAfter = Long.parseLong(db.rows("select count(*) from activities").get(0));
                assertThat(activities.count() - counted).as("%s", setting).isEqualTo(rowsAfter - rowsBefore);
            } finally {
                emf.close();
            }
        }
    }

    @Test
    void aStatementThatFailsTakesItsCarriedActivityWithIt() {
        EntityManagerFactory emf = factory(unitDataSource(), Map.of());
        try {
            TenantId org = AuditContext.callAs("una", null, () -> inTx(emf.createEntityManager(),
                    em -> new OrganizationService(em).create("Unique", "org-" + UUID.randomUUID().toString().substring(0, 8),
                            "una").tenantId()));
            UUID first = AuditContext.callAs("una", null, () -> inTx(TenantEntityManagers.open(emf, org),
                    em -> new Repository<>(Invoice.class, em).save(new Invoice("DUP", 1, null, null)).getId()));
            long before = Long.parseLong(db.rows("select count(*) from activities where organization_id = '" + org + "'")
                    .get(0));
            assertThatThrownBy(() -> AuditContext.runAs("una", null, () -> inTx(TenantEntityManagers.open(emf, org),
                    em -> new Repository<>(Invoice.class, em).save(new Invoice(null, 2, null, null)).getId())))
                    .isInstanceOf(RuntimeException.class);   // number NOT NULL: the INSERT that carried the activity fails
            assertThat(db.rows("select count(*) from activities where organization_id = '" + org + "'"))
                    .containsExactly(String.valueOf(before));
            assertThat(db.rows("select count(*) from invoices where number = 'DUP'")).containsExactly("1");
            assertThat(first).isNotNull();
        } finally {
            emf.close();
        }
    }

    @Test
    void theActivityTravelsInTheRoundTripOfTheEntitysOwnStatement() throws Exception {
        List<String> prepared = java.util.Collections.synchronizedList(new ArrayList<>());
        DataSource runtime = unitDataSource();
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
        EntityManagerFactory emf = factory(recording, Map.of());
        try {
            TenantId org = AuditContext.callAs("rita", null, () -> inTx(emf.createEntityManager(),
                    em -> new OrganizationService(em).create("Trips", "org-" + UUID.randomUUID().toString().substring(0, 8),
                            "rita").tenantId()));
            // without row-level security the first audited write is what lets the unit's next connections carry
            AuditContext.callAs("rita", null, () -> inTx(TenantEntityManagers.open(emf, org),
                    em -> new Repository<>(Invoice.class, em).save(new Invoice("FIRST", 1, null, null)).getId()));
            prepared.clear();
            UUID id = AuditContext.callAs("rita", null, () -> inTx(TenantEntityManagers.open(emf, org),
                    em -> new Repository<>(Invoice.class, em).save(new Invoice("TRIP", 1, null, null)).getId()));
            AuditContext.runAs("rita", null, () -> inTx(TenantEntityManagers.open(emf, org), em -> {
                new Repository<>(Invoice.class, em).get(id).setAmountCents(2);
                return null;
            }));
            List<String> writes = prepared.stream().filter(sql -> sql.contains("activities") || sql.contains("invoices")
                    && !sql.contains("SELECT ID")).toList();
            assertThat(writes).as("no activity in a round trip of its own")
                    .noneMatch(sql -> sql.contains("INSERT INTO activities") && !sql.contains("invoices"));
            assertThat(writes).filteredOn(sql -> sql.contains("INSERT INTO activities")).hasSize(2)
                    .allMatch(sql -> sql.contains("INSERT INTO invoices") || sql.contains("UPDATE invoices"));
            assertThat(db.rows("select type from activities where entity_id = '" + id + "' order by created_at, id"))
                    .containsExactly("created", "updated");
            if (!rowSecurity()) {
                assertThat(prepared).as("nothing but the carried activity is added").noneMatch(sql -> sql.contains("set_config"));
            }
        } finally {
            emf.close();
        }
    }

    private static <R> R inTx(EntityManager em, Function<EntityManager, R> work) {
        return Transactions.inTransaction(em, work);
    }

    private <R> R as(TenantId tenant, Function<EntityManager, R> work) {
        return Transactions.inTransaction(TenantEntityManagers.open(emf, tenant), work);
    }

    private <R> R plain(Function<EntityManager, R> work) {
        return Transactions.inTransaction(emf.createEntityManager(), work);
    }

    private void sql(String statement) {
        db.execute(statement);
    }

    private List<String> rows(String query) {
        return db.rows(query);
    }
}
