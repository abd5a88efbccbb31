package dev.tenantry.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.persistence.repository.Repository;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The database unpublishes an organization's content when the organization goes away. */
class PublishingTriggersTest extends TenantDatabaseTest {

    private TenantId acme;
    private TenantId globex;

    @BeforeEach
    void twoOrganizationsWithContent() {
        sql("DELETE FROM posts");
        sql("DELETE FROM organizations");
        acme = tx(em -> new OrganizationService(em).create("Acme", "acme-" + UUID.randomUUID().toString().substring(0, 8),
                "alice").tenantId());
        globex = tx(em -> new OrganizationService(em).create("Globex", "globex-" + UUID.randomUUID().toString().substring(0, 8),
                "bob").tenantId());
        tx(em -> {
            Repository<Post> posts = new Repository<>(Post.class, em);
            for (TenantId org : List.of(acme, globex)) {
                Post published = new Post("alice", org, "published of " + org);
                published.publish();
                posts.save(published);
                Post archived = new Post("alice", org, "archived of " + org);
                archived.publish();
                archived.archive();
                posts.save(archived);
                posts.save(new Post("alice", org, "draft of " + org));
            }
            Post personal = new Post("alice", null, "personal");
            personal.publish();
            return posts.save(personal);
        });
    }

    @Test
    void hardDeletingAnOrganizationDetachesAndUnpublishesItsContent() {
        sql("DELETE FROM organizations WHERE id = '" + acme + "'");

        assertThat(rows("select title, organization_id, status, published_at from posts where title like '%" + acme + "'"))
                .containsExactlyInAnyOrder("published of " + acme + "|null|draft|null", "archived of " + acme + "|null|draft|null",
                        "draft of " + acme + "|null|draft|null");
        assertUntouched(globex);
        // read back through EclipseLink: the trigger's change is what the application sees
        assertThat(this.<PublicationStatus>tx(em -> em.createQuery("select p from Post p where p.title = :t", Post.class)
                .setParameter("t", "published of " + acme).getSingleResult().getStatus())).isEqualTo(PublicationStatus.DRAFT);
    }

    @Test
    void softDeletingAnOrganizationUnpublishesAndRestoringRepublishesNothing() {
        tx(em -> {
            new OrganizationService(em).delete(acme, "alice");
            return null;
        });
        assertThat(rows("select status || '|' || coalesce(published_at::text, 'null') || '|' || organization_id from posts"
                + " where title like '%" + acme + "'"))
                .containsOnly("draft|null|" + acme);
        assertUntouched(globex);

        sql("UPDATE organizations SET deleted_at = NULL WHERE id = '" + acme + "'");
        assertThat(rows("select distinct status from posts where organization_id = '" + acme + "'")).containsExactly("draft");
    }

    @Test
    void settingTheOrganizationToNullDirectlyUnpublishesButMovingItDoesNot() {
        sql("UPDATE posts SET organization_id = NULL WHERE title = 'published of " + acme + "'");
        assertThat(rows("select status || '|' || coalesce(published_at::text, 'null') from posts where title = 'published of "
                + acme + "'")).containsExactly("draft|null");

        sql("UPDATE posts SET organization_id = '" + globex + "' WHERE title = 'archived of " + acme + "'");
        assertThat(rows("select status from posts where title = 'archived of " + acme + "'")).containsExactly("archived");
        assertThat(rows("select status from posts where title = 'draft of " + acme + "' or title = 'personal' order by title"))
                .containsExactly("draft", "published");
    }

    /**
     * Publishing and deleting the organization at the same moment, in both orders: whichever commits
     * first, no published row of a deleted organization is left. (Before 2.8 the publisher was never
     * held up by the deletion and both orders left one.)
     */
    @Test
    void contentPublishedWhileItsOrganizationIsDeletedEndsAsADraftWhicheverCommitsFirst() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(onCitus(), "on Citus the application unpublishes (README)");
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (java.sql.Connection deleting = db.endpoint().connect(); java.sql.Connection publishing = db.endpoint().connect()) {
            // the deletion first: the publisher waits for it, then stores a draft
            deleting.setAutoCommit(false);
            execute(deleting, "UPDATE organizations SET deleted_at = now() WHERE id = '" + acme + "'");
            java.util.concurrent.Future<?> publish = other.submit(() -> execute(publishing, insertPublished(acme, "late")));
            assertThat(waitsForALock(publish)).as("the publisher waits for the deletion").isTrue();
            deleting.commit();
            publish.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(rows("select status || '|' || coalesce(published_at::text, 'null') from posts where title = 'late'"))
                    .containsExactly("draft|null");

            // the publication first: the deletion waits for it, then unpublishes it
            publishing.setAutoCommit(false);
            execute(publishing, insertPublished(globex, "early"));
            execute(publishing, "UPDATE posts SET status = 'published', published_at = now() WHERE title = 'draft of " + globex + "'");
            java.util.concurrent.Future<?> delete = other.submit(() -> {
                execute(deleting, "UPDATE organizations SET deleted_at = now() WHERE id = '" + globex + "'");
                deleting.commit();
                return null;
            });
            assertThat(waitsForALock(delete)).as("the deletion waits for the publisher").isTrue();
            publishing.commit();
            delete.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(rows("select distinct status from posts where organization_id = '" + globex + "'")).containsExactly("draft");
        } finally {
            other.shutdownNow();
        }
        // a live organization's content publishes as before, and an update that leaves publication alone takes no lock
        TenantId initech = tx(em -> new OrganizationService(em).create("Initech", "initech-" + UUID.randomUUID().toString()
                .substring(0, 8), "carol").tenantId());
        sql(insertPublished(initech, "fresh"));
        sql("UPDATE posts SET title = 'fresh again' WHERE title = 'fresh'");
        assertThat(rows("select status from posts where title = 'fresh again'")).containsExactly("published");
    }

    private static String insertPublished(TenantId org, String title) {
        return "INSERT INTO posts (id, created_at, updated_at, version, creator, organization_id, status, published_at, title)"
                + " VALUES (gen_random_uuid(), now(), now(), 1, 'alice', '" + org + "', 'published', now(), '" + title + "')";
    }

    private static Object execute(java.sql.Connection c, String statement) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute(statement);
        }
        return null;
    }

    /** Whether the statement running in {@code work} is still waiting after 300 ms (for a lock: nothing else takes that long here). */
    private static boolean waitsForALock(java.util.concurrent.Future<?> work) throws Exception {
        try {
            work.get(300, java.util.concurrent.TimeUnit.MILLISECONDS);
            return false;
        } catch (java.util.concurrent.TimeoutException waiting) {
            return true;
        }
    }

    @Test
    void theTriggersAreDocumentedInTheCatalog() {
        // on Citus, organizations is a reference table and OrganizationService unpublishes instead of
        // its trigger; the local posts table's shard (posts_1020..) carries a copy of its trigger
        boolean citus = onCitus();
        assertThat(rows("select tgname || ' on ' || tgrelid::regclass from pg_trigger where tgname like 'tenantry_%'"
                + " and tgrelid::regclass::text !~ '_[0-9]{4,}$' order by 1"))
                .containsExactlyElementsOf(citus ? List.of("tenantry_unpublish_on_organization_loss on posts")
                        : List.of("tenantry_unpublish_on_organization_loss on posts",
                                "tenantry_unpublish_organization_content on organizations"));
        // one row trigger on the publishable table, for both jobs: organization lost, organization deleted under a publisher
        assertThat(rows("select tgfoid::regproc || ' ' || (tgtype & 4 > 0) from pg_trigger"
                + " where tgname = 'tenantry_unpublish_on_organization_loss' and tgrelid = 'posts'::regclass"))
                .containsExactly("tenantry_publish_only_in_live_organization true");   // BEFORE INSERT OR UPDATE OF ...
        assertThat(rows("select table_name from tenantry_publishable_tables")).containsExactly("posts");
    }

    private void assertUntouched(TenantId org) {
        assertThat(rows("select title || '|' || status || '|' || (published_at is not null) from posts where organization_id = '"
                + org + "' order by title"))
                .containsExactly("archived of " + org + "|archived|true", "draft of " + org + "|draft|false",
                        "published of " + org + "|published|true");
        assertThat(rows("select status from posts where title = 'personal'")).containsExactly("published");
    }
}
