package dev.tenantry.persistence.softdelete;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.persistence.DatabaseTest;
import dev.tenantry.persistence.PersistenceSettings;
import dev.tenantry.persistence.paging.KeysetPage;
import dev.tenantry.persistence.paging.KeysetRequest;
import dev.tenantry.persistence.paging.Order;
import dev.tenantry.persistence.paging.PageRequest;
import dev.tenantry.persistence.repository.DeletedRows;
import dev.tenantry.persistence.repository.RecordNotFoundException;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.persistence.testmodel.Book;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SoftDeleteTest extends DatabaseTest {

    @BeforeEach
    void emptyTable() {
        sql("DELETE FROM books");
    }

    private UUID saveBook(String title, String isbn) {
        return inTx(em -> new Repository<>(Book.class, em).save(new Book(title, isbn, 100)).getId());
    }

    @Test
    void removeUpdatesDeletedAtInsteadOfDeleting() {
        UUID id = saveBook("Dune", "isbn-1");

        runTx(em -> new Repository<>(Book.class, em).deleteById(id));

        assertThat(rows("select deleted_at is not null, version from books where id = '" + id + "'"))
                .containsExactly(List.of("t", "2"));
        runTx(em -> {
            Repository<Book> books = new Repository<>(Book.class, em);
            assertThat(books.find(id)).isEmpty();
            assertThat(books.exists(id)).isFalse();
            assertThat(books.count()).isZero();
            assertThat(em.find(Book.class, id)).isNull();
            assertThat(em.createQuery("select b from Book b where b.id = :id", Book.class).setParameter("id", id)
                    .getResultList()).isEmpty();
        });
    }

    @Test
    void deletedRowsAreHiddenWhenTheEntityIsJoinedToo() {
        UUID author = inTx(em -> new dev.tenantry.persistence.repository.Repository<>(
                dev.tenantry.persistence.testmodel.Author.class, em).save(new dev.tenantry.persistence.testmodel.Author("Joined")).getId());
        Book live = new Book("Live", "isbn-j1", 10);
        live.setAuthorId(author);
        Book gone = new Book("Gone", "isbn-j2", 10);
        gone.setAuthorId(author);
        runTx(em -> new Repository<>(Book.class, em).save(live));
        UUID goneId = inTx(em -> new Repository<>(Book.class, em).save(gone).getId());
        runTx(em -> new Repository<>(Book.class, em).deleteById(goneId));

        runTx(em -> assertThat(em.createQuery("select b.title from Author a, Book b where b.authorId = a.id"
                + " and a.name = 'Joined' order by b.title", String.class).getResultList()).containsExactly("Live"));
        sql("DELETE FROM books");
        sql("DELETE FROM authors");
    }

    @Test
    void deletedEntityInstanceKnowsItIsDeleted() {
        UUID id = saveBook("Emma", "isbn-2");
        Book removed = inTx(em -> {
            Book b = em.find(Book.class, id);
            em.remove(b);
            em.flush();
            return b;
        });
        assertThat(removed.isDeleted()).isTrue();
    }

    @Test
    void includingDeletedSeesDeletedRows() {
        UUID live = saveBook("Live", "isbn-3");
        UUID gone = saveBook("Gone", "isbn-4");
        runTx(em -> new Repository<>(Book.class, em).deleteById(gone));

        runTx(em -> {
            DeletedRows<Book> all = new Repository<>(Book.class, em).includingDeleted();
            assertThat(all.find(gone)).get().extracting(Book::isDeleted).isEqualTo(true);
            assertThat(all.count()).isEqualTo(2);
            assertThat(all.page(PageRequest.of(0, 10)).items()).extracting(Book::getId).containsExactly(live, gone);
            // the normal view is unchanged by having used the include-deleted one
            assertThat(new Repository<>(Book.class, em).count()).isEqualTo(1);
        });
    }

    /**
     * Keyset pages of both views share one prepared query per shape (PreparedPages): whether deleted rows
     * count is bound when each runs, so neither view's page leaks into the other's, in either order.
     */
    @Test
    void keysetPagesOfTheLiveAndTheIncludeDeletedViewsStayApart() {
        UUID live = saveBook("Live", "isbn-k1");
        UUID gone = saveBook("Gone", "isbn-k2");
        runTx(em -> new Repository<>(Book.class, em).deleteById(gone));
        KeysetRequest byId = new KeysetRequest(Order.asc("id"), 1, null);
        for (int round = 0; round < 2; round++) {
            runTx(em -> {
                Repository<Book> books = new Repository<>(Book.class, em);
                KeysetPage<Book> first = books.keyset(byId);
                assertThat(first.items()).extracting(Book::getId).containsExactly(live);
                assertThat(first.nextCursor()).isEmpty();
                KeysetPage<Book> all = books.includingDeleted().keyset(byId);
                assertThat(all.items()).extracting(Book::getId).containsExactly(live);
                assertThat(books.includingDeleted().keyset(byId.after(all.nextCursor().orElseThrow())).items())
                        .extracting(Book::getId).containsExactly(gone);
                assertThat(books.keyset(new KeysetRequest(Order.desc("title"), 5, null)).items()).extracting(Book::getId)
                        .containsExactly(live);
            });
        }
    }

    @Test
    void deleteThenRestoreRoundTrips() {
        UUID id = saveBook("Ulysses", "isbn-5");
        List<List<String>> before = rows("select id, title, isbn, pages, created_at, deleted_at from books");

        runTx(em -> new Repository<>(Book.class, em).deleteById(id));
        Book restored = inTx(em -> new Repository<>(Book.class, em).restore(id));

        assertThat(restored.isDeleted()).isFalse();
        assertThat(restored.getTitle()).isEqualTo("Ulysses");
        assertThat(rows("select id, title, isbn, pages, created_at, deleted_at from books")).isEqualTo(before);
        assertThat(rows("select version from books")).containsExactly(List.of("3"));
        runTx(em -> assertThat(new Repository<>(Book.class, em).get(id).getTitle()).isEqualTo("Ulysses"));
    }

    @Test
    void restoreOfLiveRowChangesNothing() {
        UUID id = saveBook("Live", "isbn-6");
        List<List<String>> before = rows("select * from books");
        runTx(em -> new Repository<>(Book.class, em).restore(id));
        assertThat(rows("select * from books")).isEqualTo(before);
    }

    @Test
    void restoreOfUnknownIdIsNotFound() {
        UUID unknown = UUID.randomUUID();
        assertThatThrownBy(() -> runTx(em -> new Repository<>(Book.class, em).restore(unknown)))
                .isInstanceOf(RecordNotFoundException.class)
                .hasMessage("Book " + unknown + " not found");
    }

    @Test
    void deletedRowDoesNotBlockItsUniqueValue() {
        UUID first = saveBook("First", "isbn-7");
        runTx(em -> new Repository<>(Book.class, em).deleteById(first));

        UUID second = saveBook("Second", "isbn-7");

        assertThat(second).isNotEqualTo(first);
        assertThat(rows("select count(*) from books where isbn = 'isbn-7'")).containsExactly(List.of("2"));
    }

    @Test
    void deletingADeletedRowIsNotFound() {
        UUID id = saveBook("Twice", "isbn-8");
        runTx(em -> new Repository<>(Book.class, em).deleteById(id));
        assertThatThrownBy(() -> runTx(em -> new Repository<>(Book.class, em).deleteById(id)))
                .isInstanceOf(RecordNotFoundException.class);
    }

    @Test
    void deleteOfAStaleCopyFailsWithOptimisticLock() {
        UUID id = saveBook("Stale", "isbn-9");
        EntityManager first = emf.createEntityManager();
        try {
            first.getTransaction().begin();
            Book stale = first.find(Book.class, id);
            runTx(em -> new Repository<>(Book.class, em).get(id).setTitle("Changed meanwhile"));

            first.remove(stale);
            assertThatThrownBy(first::flush).isInstanceOf(OptimisticLockException.class);
        } finally {
            first.getTransaction().rollback();
            first.close();
        }
        assertThat(rows("select title, deleted_at from books")).containsExactly(java.util.Arrays.asList("Changed meanwhile", null));
    }

    @Test
    void purgeRemovesOnlyRowsDeletedLongerAgoThanRetention() {
        UUID old = saveBook("Old", "isbn-10");
        UUID recent = saveBook("Recent", "isbn-11");
        UUID live = saveBook("Live", "isbn-12");
        runTx(em -> {
            Repository<Book> books = new Repository<>(Book.class, em);
            books.deleteById(old);
            books.deleteById(recent);
        });
        sql("UPDATE books SET deleted_at = now() - interval '40 days' WHERE id = '" + old + "'");

        long purged = inTx(em -> SoftDeletes.purge(em, Book.class, Duration.ofDays(30), 100));

        assertThat(purged).isEqualTo(1);
        assertThat(rows("select id from books order by id")).containsExactly(List.of(recent.toString()), List.of(live.toString()));
    }

    @Test
    void purgeUsesTheConfiguredRetention() {
        UUID old = saveBook("Five days", "isbn-14");
        runTx(em -> new Repository<>(Book.class, em).deleteById(old));
        sql("UPDATE books SET deleted_at = now() - interval '5 days'");
        try {
            System.setProperty(PersistenceSettings.SOFT_DELETE_RETENTION, "P7D");
            long keptBySevenDays = inTx(em -> SoftDeletes.purge(em, Book.class, 100));
            assertThat(keptBySevenDays).isZero();

            System.setProperty(PersistenceSettings.SOFT_DELETE_RETENTION, "P3D");
            long purgedByThreeDays = inTx(em -> SoftDeletes.purge(em, Book.class, 100));
            assertThat(purgedByThreeDays).isEqualTo(1);

            System.setProperty(PersistenceSettings.SOFT_DELETE_RETENTION, "thirty days");
            assertThatThrownBy(SoftDeletes::configuredRetention)
                    .hasMessageContaining("tenantry.soft-delete.retention")
                    .hasMessageContaining("TENANTRY_SOFT_DELETE_RETENTION");
        } finally {
            System.clearProperty(PersistenceSettings.SOFT_DELETE_RETENTION);
        }
        assertThat(SoftDeletes.configuredRetention()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void purgeWorksInBatches() {
        for (int i = 0; i < 5; i++) {
            UUID id = saveBook("Old " + i, "batch-" + i);
            runTx(em -> new Repository<>(Book.class, em).deleteById(id));
        }
        sql("UPDATE books SET deleted_at = now() - interval '2 days'");

        int firstBatch = inTx(em -> SoftDeletes.purgeBatch(em, Book.class, Duration.ofDays(1), 2));
        long rest = inTx(em -> SoftDeletes.purge(em, Book.class, Duration.ofDays(1), 2));

        assertThat(firstBatch).isEqualTo(2);
        assertThat(rest).isEqualTo(3);
        assertThat(rows("select count(*) from books")).containsExactly(List.of("0"));
    }

    @Test
    void jpqlBulkDeleteBypassesSoftDeleteAsDocumented() {
        saveBook("Bulk", "isbn-13");
        runTx(em -> em.createQuery("delete from Book b").executeUpdate());
        // documented on SoftDeletableEntity: bulk DELETE statements delete for real
        assertThat(rows("select count(*) from books")).containsExactly(List.of("0"));
    }
}
