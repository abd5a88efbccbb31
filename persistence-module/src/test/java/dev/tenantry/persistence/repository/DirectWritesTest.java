package dev.tenantry.persistence.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.persistence.DatabaseTest;
import dev.tenantry.persistence.errors.CheckViolationException;
import dev.tenantry.persistence.errors.ForeignKeyViolationException;
import dev.tenantry.persistence.errors.InvalidValueException;
import dev.tenantry.persistence.errors.NotNullViolationException;
import dev.tenantry.persistence.errors.UniqueViolationException;
import dev.tenantry.persistence.testmodel.Address;
import dev.tenantry.persistence.testmodel.Author;
import dev.tenantry.persistence.testmodel.Book;
import dev.tenantry.persistence.PersistenceSettings;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolationException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.persistence.jpa.JpaEntityManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DirectWritesTest extends DatabaseTest {

    @BeforeEach
    void emptyTables() {
        sql("DELETE FROM books");
        sql("DELETE FROM authors");
    }

    private UUID book(String title, String isbn) {
        return inTx(em -> new Repository<>(Book.class, em).save(new Book(title, isbn, 100)).getId());
    }

    private <R> R outsideTx(java.util.function.Function<EntityManager, R> work) {
        return outsideTx(emf, work);
    }

    private static <R> R outsideTx(EntityManagerFactory factory, java.util.function.Function<EntityManager, R> work) {
        EntityManager em = factory.createEntityManager();
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }

    private List<String> bookRow(UUID id) {
        return rows("select title, coalesce(isbn, '-'), pages, version, deleted_at is null, updated_at > created_at from books"
                + " where id = '" + id + "'").get(0);
    }

    @Test
    void anUpdateOutsideATransactionIsOneAutocommittedStatementThatBumpsVersionAndUpdatedAt() throws Exception {
        UUID id = book("Emma", "isbn-1");
        Thread.sleep(2);

        long version = outsideTx(em -> new Repository<>(Book.class, em).direct().update(id, null,
                Map.of("title", "Emma (2nd ed.)", "pages", 120)));

        assertThat(version).isEqualTo(2);
        assertThat(bookRow(id)).containsExactly("Emma (2nd ed.)", "isbn-1", "120", "2", "t", "t");
        // an EntityManager opened afterwards reads the new state, not a cached copy
        String title = outsideTx(em -> new Repository<>(Book.class, em).get(id).getTitle());
        assertThat(title).isEqualTo("Emma (2nd ed.)");
    }

    @Test
    void anInsertOutsideATransactionIsOneAutocommittedStatementAndTheEntityComesBackStored() {
        Book book = new Book("Emma", "isbn-i1", null);   // pages NULL: written as the column's NULL, not a bound untyped one

        Book inserted = outsideTx(em -> new Repository<>(Book.class, em).direct().insert(book));

        assertThat(inserted).isSameAs(book);
        assertThat(book.getId()).isNotNull();
        assertThat(book.getVersion()).isEqualTo(1L);
        assertThat(book.getCreatedAt()).isNotNull().isEqualTo(book.getUpdatedAt());
        assertThat(rows("select title, isbn, pages is null, version, deleted_at is null, created_at = '" + book.getCreatedAt()
                + "'::timestamptz from books where id = '" + book.getId() + "'")).containsExactly(List.of("Emma", "isbn-i1", "t",
                "1", "t", "t"));
        // read back through JPA it is the same entity; saved again (it is not managed) it merges as version 2
        Book read = outsideTx(em -> new Repository<>(Book.class, em).get(book.getId()));
        assertThat(List.of(read.getTitle(), read.getIsbn(), read.getVersion(), read.getCreatedAt()))
                .containsExactly("Emma", "isbn-i1", 1L, book.getCreatedAt());
        book.setPages(300);
        inTx(em -> new Repository<>(Book.class, em).save(book));
        assertThat(bookRow(book.getId())).containsExactly("Emma", "isbn-i1", "300", "2", "t", "t");
    }

    @Test
    void anInsertInsideATransactionJoinsItAfterWhatTheEntityManagerHoldsAndRollsBackWithIt() {
        UUID author = inTx(em -> new Repository<>(Author.class, em).save(new Author("Austen")).getId());
        assertThatThrownBy(() -> runTx(em -> {
            Book book = new Book("Persuasion", "isbn-i2", 10);
            book.setAuthorId(author);
            new Repository<>(Book.class, em).direct().insert(book);
            throw new IllegalStateException("the caller fails later");
        })).hasMessage("the caller fails later");
        assertThat(rows("select count(*) from books")).containsExactly(List.of("0"));

        UUID id = inTx(em -> {
            Author pending = new Repository<>(Author.class, em).save(new Author("Burney"));   // persisted, not yet flushed
            Book book = new Book("Evelina", "isbn-i3", 10);
            book.setAuthorId(pending.getId());   // its foreign key holds because the author lands first
            Repository<Book> books = new Repository<>(Book.class, em);
            books.direct().insert(book);
            assertThat(books.get(book.getId()).getTitle()).isEqualTo("Evelina");   // the transaction reads it
            return book.getId();
        });
        assertThat(bookRow(id).subList(0, 4)).containsExactly("Evelina", "isbn-i3", "10", "1");
    }

    @Test
    void badInsertsAreTypedErrorsBeforeOrFromTheDatabaseAndLeaveNothing() {
        UUID author = inTx(em -> new Repository<>(Author.class, em).save(new Author("Austen")).getId());
        UUID existing = book("Sense and Sensibility", "isbn-s");
        Map<java.util.function.Supplier<Book>, Class<? extends Throwable>> cases = new java.util.LinkedHashMap<>();
        cases.put(() -> new Book("nul\0byte", null, 1), InvalidValueException.class);
        cases.put(() -> new Book("\ud800 lone", null, 1), InvalidValueException.class);
        cases.put(() -> new Book("x".repeat(201), null, 1), ConstraintViolationException.class);
        cases.put(() -> new Book("dup", "isbn-s", 1), UniqueViolationException.class);
        cases.put(() -> new Book("neg", null, -1), CheckViolationException.class);
        cases.put(() -> {
            Book b = new Book("fk", null, 1);
            b.setAuthorId(UUID.randomUUID());
            return b;
        }, ForeignKeyViolationException.class);
        cases.put(() -> new Book(null, null, 1), NotNullViolationException.class);
        cases.put(() -> {   // an id already taken: a duplicate, never an overwrite
            Book b = new Book("same id", null, 1);
            setId(b, existing);
            return b;
        }, UniqueViolationException.class);
        List<List<String>> before = rows("select b::text from books b order by id");
        for (Map.Entry<java.util.function.Supplier<Book>, Class<? extends Throwable>> c : cases.entrySet()) {
            assertThatThrownBy(() -> outsideTx(em -> new Repository<>(Book.class, em).direct().insert(c.getKey().get())))
                    .as("%s alone", c.getValue().getSimpleName()).isInstanceOf(c.getValue()).hasMessageNotContaining("isbn-s");
            assertThatThrownBy(() -> runTx(em -> {
                new Repository<>(Author.class, em).direct().update(author, null, Map.of("name", "Jane Austen"));
                new Repository<>(Book.class, em).direct().insert(c.getKey().get());
            })).as("%s in a transaction", c.getValue().getSimpleName()).isInstanceOf(c.getValue());
        }
        assertThat(rows("select b::text from books b order by id")).isEqualTo(before);
        assertThat(rows("select name, version from authors")).containsExactly(List.of("Austen", "1"));
    }

    @Test
    void anEmbeddedValueIsWrittenWithItsEntityAndAMissingOneAsNulls() {
        Author housed = new Author("Brontë");
        housed.setAddress(new Address("Haworth", "England"));
        UUID withAddress = outsideTx(em -> new Repository<>(Author.class, em).direct().insert(housed).getId());
        UUID without = inTx(em -> new Repository<>(Author.class, em).direct().insert(new Author("Anonymous")).getId());
        assertThat(rows("select name, coalesce(city, '-'), coalesce(country, '-') from authors order by name")).containsExactly(
                List.of("Anonymous", "-", "-"), List.of("Brontë", "Haworth", "England"));
        Address read = outsideTx(em -> new Repository<>(Author.class, em).get(withAddress).getAddress());
        assertThat(List.of(read.getCity(), read.getCountry())).containsExactly("Haworth", "England");
        Address none = outsideTx(em -> new Repository<>(Author.class, em).get(without).getAddress());
        assertThat(none).isNull();
    }

    @Test
    void onlyANewEntityOfTheRepositorysTypeIsInsertedAndTheMessageSaysWhy() {
        UUID id = book("Lady Susan", null);
        Book stored = outsideTx(em -> new Repository<>(Book.class, em).get(id));
        assertThatThrownBy(() -> outsideTx(em -> new Repository<>(Book.class, em).direct().insert(stored)))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("is not new");
        assertThatThrownBy(() -> runTx(em -> {
            Book pending = new Book("pending", null, 1);
            em.persist(pending);   // managed by this EntityManager: it will insert it itself
            new Repository<>(Book.class, em).direct().insert(pending);
        })).isInstanceOf(InvalidValueException.class).hasMessageContaining("is not new");
        Book twice = new Book("twice", null, 1);
        outsideTx(em -> new Repository<>(Book.class, em).direct().insert(twice));
        assertThatThrownBy(() -> outsideTx(em -> new Repository<>(Book.class, em).direct().insert(twice)))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("is not new");
        assertThat(rows("select title from books order by title")).containsExactly(List.of("Lady Susan"), List.of("twice"));
    }

    private static void setId(Book book, UUID id) {
        try {
            java.lang.reflect.Field field = dev.tenantry.persistence.BaseEntity.class.getDeclaredField("id");
            field.setAccessible(true);
            field.set(book, id);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An entity in EclipseLink's shared cache ({@code tenantry.cache.shared}): a direct write evicts its copy. */
    @Test
    void aCopyInTheSharedCacheIsNotServedAfterADirectWrite() {
        UUID id = book("Emma", "isbn-7");
        Map<String, Object> props = new HashMap<>(unitProperties());
        props.put("eclipselink.session-name", "direct-writes-shared-cache");
        EntityManagerFactory shared = Persistence.createEntityManagerFactory("test", props);
        try {
            System.setProperty(PersistenceSettings.CACHE_SHARED, "true");
            try {
                shared.createEntityManager().close();   // deploys the unit with the setting on
            } finally {
                System.clearProperty(PersistenceSettings.CACHE_SHARED);
            }
            assertThat(shared.unwrap(JpaEntityManagerFactory.class).getServerSession().getDescriptor(Book.class).isIsolated())
                    .as("Book must be shared-cached for this test to mean anything").isFalse();
            String cached = outsideTx(shared, em -> em.find(Book.class, id).getTitle());
            assertThat(cached).isEqualTo("Emma");

            outsideTx(shared, em -> new Repository<>(Book.class, em).direct().update(id, null, Map.of("title", "Persuasion")));
            String updated = outsideTx(shared, em -> em.find(Book.class, id).getTitle());
            assertThat(updated).isEqualTo("Persuasion");

            outsideTx(shared, em -> {
                new Repository<>(Book.class, em).direct().delete(id, null);
                return null;
            });
            boolean found = outsideTx(shared, em -> new Repository<>(Book.class, em).find(id).isPresent());
            assertThat(found).isEqualTo(false);
        } finally {
            shared.close();
        }
    }

    @Test
    void theVersionIsCheckedWhenGivenAndAStaleOneChangesNothing() {
        UUID id = book("Persuasion", null);
        long second = outsideTx(em -> new Repository<>(Book.class, em).direct().update(id, 1L, Map.of("pages", 200)));
        assertThat(second).isEqualTo(2);

        assertThatThrownBy(() -> outsideTx(em -> new Repository<>(Book.class, em).direct().update(id, 1L,
                Map.of("pages", 300))))
                .isInstanceOf(OptimisticLockException.class)
                .hasMessageContaining("Book " + id + " was changed since version 1 (it is at version 2)");
        assertThat(bookRow(id)).containsExactly("Persuasion", "-", "200", "2", "t", "t");
    }

    @Test
    void insideATransactionItJoinsItAndRollsBackWithIt() {
        UUID id = book("Mansfield Park", null);
        assertThatThrownBy(() -> runTx(em -> {
            new Repository<>(Book.class, em).direct().update(id, null, Map.of("title", "changed"));
            throw new IllegalStateException("the caller fails later");
        })).hasMessage("the caller fails later");
        assertThat(bookRow(id).subList(0, 4)).containsExactly("Mansfield Park", "-", "100", "1");

        runTx(em -> {
            Repository<Book> books = new Repository<>(Book.class, em);
            Book loaded = books.get(id);                       // a copy held by this EntityManager
            books.direct().update(id, loaded.getVersion(), Map.of("title", "Mansfield Park!"));
            assertThat(books.get(id).getTitle()).isEqualTo("Mansfield Park!");   // not the stale copy
        });
        assertThat(bookRow(id).subList(0, 4)).containsExactly("Mansfield Park!", "-", "100", "2");
    }

    @Test
    void pendingChangesOfTheEntityManagerLandBeforeTheDirectWrite() {
        UUID id = book("Sanditon", null);
        runTx(em -> {
            Repository<Book> books = new Repository<>(Book.class, em);
            books.get(id).setPages(5);                          // not flushed yet
            assertThat(books.direct().update(id, 2L, Map.of("title", "Sanditon (fragment)"))).isEqualTo(3);
        });
        assertThat(bookRow(id).subList(0, 4)).containsExactly("Sanditon (fragment)", "-", "5", "3");
    }

    @Test
    void unknownSoftDeletedAndMissingRowsAreNotFoundAndNothingChanges() {
        UUID deleted = book("Lady Susan", null);
        runTx(em -> new Repository<>(Book.class, em).deleteById(deleted));
        List<String> before = bookRow(deleted);
        for (UUID id : List.of(deleted, UUID.randomUUID())) {
            assertThatThrownBy(() -> outsideTx(em -> new Repository<>(Book.class, em).direct().update(id, null,
                    Map.of("title", "x")))).isInstanceOf(RecordNotFoundException.class).hasMessage("Book " + id + " not found");
            assertThatThrownBy(() -> outsideTx(em -> {
                new Repository<>(Book.class, em).direct().delete(id, null);
                return null;
            })).isInstanceOf(RecordNotFoundException.class);
        }
        assertThat(bookRow(deleted)).isEqualTo(before);
    }

    @Test
    void onlyBasicUpdatableAttributesCanBeSetAndTheMessageSaysWhat() {
        UUID id = book("Northanger Abbey", null);
        Map<String, Object> withNullKey = new HashMap<>();
        withNullKey.put(null, "x");
        for (Map<String, ?> changes : List.of(Map.of("id", UUID.randomUUID()), Map.of("version", 9L),
                Map.of("createdAt", java.time.OffsetDateTime.now()), Map.of("updatedAt", java.time.OffsetDateTime.now()),
                Map.of("deletedAt", java.time.OffsetDateTime.now()), Map.of("nope", 1), Map.of("title", "ok", "nope", 1),
                withNullKey)) {
            assertThatThrownBy(() -> outsideTx(em -> new Repository<>(Book.class, em).direct().update(id, null, changes)))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("cannot be set by a direct update");
        }
        assertThatThrownBy(() -> outsideTx(em -> new Repository<>(Book.class, em).direct().update(id, null, Map.of())))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("empty");
        assertThat(bookRow(id).subList(0, 4)).containsExactly("Northanger Abbey", "-", "100", "1");
    }

    @Test
    void badValuesAreTypedErrorsAndChangeNothing() {
        UUID author = inTx(em -> new Repository<>(Author.class, em).save(new Author("Austen")).getId());
        inTx(em -> new Repository<>(Author.class, em).save(new Author("Burney")).getId());
        UUID id = book("Pride and Prejudice", "isbn-p");
        book("Sense and Sensibility", "isbn-s");
        Map<Map<String, ?>, Class<? extends Throwable>> cases = Map.of(
                Map.of("title", "nul\0byte"), InvalidValueException.class,
                Map.of("title", "\ud800 lone"), InvalidValueException.class,
                Map.of("title", "x".repeat(201)), ConstraintViolationException.class,
                Map.of("isbn", "isbn-s"), UniqueViolationException.class,
                Map.of("pages", -1), CheckViolationException.class,
                Map.of("authorId", UUID.randomUUID()), ForeignKeyViolationException.class,
                nullTitle(), NotNullViolationException.class);
        for (Map.Entry<Map<String, ?>, Class<? extends Throwable>> c : cases.entrySet()) {
            // alone, and inside a transaction that wrote before: that write is rolled back with it
            assertThatThrownBy(() -> outsideTx(em -> new Repository<>(Book.class, em).direct().update(id, null, c.getKey())))
                    .as("%s", c.getKey().keySet()).isInstanceOf(c.getValue());
            assertThatThrownBy(() -> runTx(em -> {
                new Repository<>(Author.class, em).direct().update(author, null, Map.of("name", "Jane Austen"));
                new Repository<>(Book.class, em).direct().update(id, null, c.getKey());
            })).as("%s in a transaction", c.getKey().keySet()).isInstanceOf(c.getValue());
        }
        assertThat(bookRow(id).subList(0, 4)).containsExactly("Pride and Prejudice", "isbn-p", "100", "1");
        assertThat(rows("select name, version from authors order by name")).containsExactly(List.of("Austen", "1"),
                List.of("Burney", "1"));
        // one attribute, null allowed: NULL where the column takes it, the typed refusal where it does not
        assertThatThrownBy(() -> outsideTx(em -> new Repository<>(Book.class, em).direct().update(id, null, "title", null)))
                .isInstanceOf(NotNullViolationException.class);
        long version = outsideTx(em -> new Repository<>(Book.class, em).direct().update(id, 1L, "isbn", null));
        assertThat(version).isEqualTo(2);
        assertThat(bookRow(id).subList(0, 4)).containsExactly("Pride and Prejudice", "-", "100", "2");
        // and the message names the constraint, never the value
        assertThatThrownBy(() -> outsideTx(em -> new Repository<>(Book.class, em).direct().update(id, null,
                "isbn", "isbn-s"))).hasMessageContaining("books_isbn_live_key").hasMessageNotContaining("isbn-s");
    }

    private static Map<String, ?> nullTitle() {
        Map<String, Object> m = new HashMap<>();
        m.put("title", null);
        return m;
    }

    @Test
    void deleteIsSoftForSoftDeletableEntitiesAndRealOtherwiseWithTheVersionChecked() {
        UUID id = book("The Watsons", null);
        assertThatThrownBy(() -> outsideTx(em -> {
            new Repository<>(Book.class, em).direct().delete(id, 7L);
            return null;
        })).isInstanceOf(OptimisticLockException.class);
        outsideTx(em -> {
            new Repository<>(Book.class, em).direct().delete(id, 1L);
            return null;
        });
        assertThat(rows("select version, deleted_at is not null from books where id = '" + id + "'"))
                .containsExactly(List.of("2", "t"));
        java.util.Optional<Book> gone = outsideTx(em -> new Repository<>(Book.class, em).find(id));
        assertThat(gone).isEmpty();
        long restored = inTx(em -> new Repository<>(Book.class, em).restore(id).getVersion());
        assertThat(restored).isEqualTo(3);

        UUID author = inTx(em -> new Repository<>(Author.class, em).save(new Author("Shelley")).getId());
        UUID referenced = inTx(em -> new Repository<>(Author.class, em).save(new Author("Radcliffe")).getId());
        sql("UPDATE books SET author_id = '" + referenced + "' WHERE id = '" + id + "'");
        assertThatThrownBy(() -> outsideTx(em -> {
            new Repository<>(Author.class, em).direct().delete(referenced, null);
            return null;
        })).isInstanceOf(ForeignKeyViolationException.class);
        outsideTx(em -> {
            new Repository<>(Author.class, em).direct().delete(author, null);
            return null;
        });
        assertThat(rows("select name from authors order by name")).containsExactly(List.of("Radcliffe"));
    }

    @Test
    void concurrentWritersWithTheSameVersionEndInOneSuccessAndConflictsNeverALostUpdate() throws Exception {
        UUID id = book("Juvenilia", null);
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 5; round++) {
                long current = Long.parseLong(bookRow(id).get(3));
                CountDownLatch start = new CountDownLatch(1);
                Future<?>[] results = new Future<?>[writers];
                for (int w = 0; w < writers; w++) {
                    int pages = 1000 + round * 10 + w;
                    results[w] = pool.submit(() -> {
                        start.await();
                        return outsideTx(em -> new Repository<>(Book.class, em).direct().update(id, current,
                                Map.of("pages", pages)));
                    });
                }
                start.countDown();
                int won = 0;
                int conflicts = 0;
                for (Future<?> f : results) {
                    try {
                        f.get(30, TimeUnit.SECONDS);
                        won++;
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(OptimisticLockException.class);
                        conflicts++;
                    }
                }
                assertThat(won).as("round %d", round).isEqualTo(1);
                assertThat(conflicts).isEqualTo(writers - 1);
                assertThat(bookRow(id).get(3)).isEqualTo(String.valueOf(current + 1));
            }
            // without a version, every writer's change lands, one after another
            CountDownLatch start = new CountDownLatch(1);
            Future<?>[] results = new Future<?>[writers];
            long before = Long.parseLong(bookRow(id).get(3));
            for (int w = 0; w < writers; w++) {
                results[w] = pool.submit(() -> {
                    start.await();
                    return outsideTx(em -> new Repository<>(Book.class, em).direct().update(id, null, Map.of("title", "t")));
                });
            }
            start.countDown();
            long[] versions = new long[writers];
            for (int w = 0; w < writers; w++) {
                versions[w] = (Long) results[w].get(30, TimeUnit.SECONDS);
            }
            Arrays.sort(versions);
            for (int w = 0; w < writers; w++) {
                assertThat(versions[w]).isEqualTo(before + 1 + w);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
