package dev.tenantry.persistence.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.persistence.DatabaseTest;
import dev.tenantry.persistence.paging.Cursor;
import dev.tenantry.persistence.paging.InvalidCursorException;
import dev.tenantry.persistence.paging.InvalidSortException;
import dev.tenantry.persistence.paging.KeysetPage;
import dev.tenantry.persistence.paging.KeysetRequest;
import dev.tenantry.persistence.paging.Order;
import dev.tenantry.persistence.paging.Page;
import dev.tenantry.persistence.paging.PageRequest;
import dev.tenantry.persistence.paging.Sort;
import dev.tenantry.persistence.testmodel.Author;
import dev.tenantry.persistence.testmodel.Book;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RepositoryTest extends DatabaseTest {

    @BeforeEach
    void emptyTables() {
        sql("DELETE FROM books");
        sql("DELETE FROM authors");
    }

    @Test
    void saveAssignsTimeOrderedIdAndUtcTimestamps() {
        Author a = inTx(em -> new Repository<>(Author.class, em).save(new Author("Austen")));
        Author b = inTx(em -> new Repository<>(Author.class, em).save(new Author("Brontë")));

        assertThat(a.getId().version()).isEqualTo(7);
        assertThat(a.getId()).isLessThan(b.getId());
        assertThat(a.getCreatedAt().getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(a.getUpdatedAt()).isEqualTo(a.getCreatedAt());
        assertThat(a.getVersion()).isEqualTo(1L);
        assertThat(rows("select name, created_at = '" + a.getCreatedAt() + "' from authors where id = '" + a.getId() + "'"))
                .containsExactly(List.of("Austen", "t"));
    }

    @Test
    void updateBumpsVersionAndUpdatedAtButKeepsCreatedAt() throws InterruptedException {
        Author saved = inTx(em -> new Repository<>(Author.class, em).save(new Author("Eliot")));
        Thread.sleep(5);

        saved.setName("George Eliot");
        Author updated = inTx(em -> new Repository<>(Author.class, em).save(saved));

        assertThat(updated.getVersion()).isEqualTo(2L);
        assertThat(updated.getCreatedAt()).isEqualTo(saved.getCreatedAt());
        assertThat(updated.getUpdatedAt()).isAfter(saved.getCreatedAt());
        assertThat(rows("select name, version from authors")).containsExactly(List.of("George Eliot", "2"));
    }

    @Test
    void getOfUnknownIdIsATypedNotFound() {
        UUID unknown = UUID.randomUUID();
        runTx(em -> {
            Repository<Author> authors = new Repository<>(Author.class, em);
            assertThat(authors.find(unknown)).isEmpty();
            assertThatThrownBy(() -> authors.get(unknown))
                    .isInstanceOf(RecordNotFoundException.class)
                    .hasMessage("Author " + unknown + " not found")
                    .satisfies(e -> assertThat(((RecordNotFoundException) e).id()).isEqualTo(unknown));
        });
    }

    @Test
    void countExistsAndHardDeleteOfPlainEntity() {
        UUID id = inTx(em -> new Repository<>(Author.class, em).save(new Author("Woolf")).getId());
        runTx(em -> {
            Repository<Author> authors = new Repository<>(Author.class, em);
            assertThat(authors.count()).isEqualTo(1);
            assertThat(authors.exists(id)).isTrue();
            assertThat(authors.exists(UUID.randomUUID())).isFalse();
            authors.deleteById(id);
        });
        assertThat(rows("select count(*) from authors")).containsExactly(List.of("0"));
    }

    @Test
    void pageReturnsItemsTotalAndPageCount() {
        saveBooks(25);
        Page<Book> third = inTx(em -> new Repository<>(Book.class, em)
                .page(new PageRequest(2, 10, Sort.by(Order.desc("title")))));

        assertThat(third.total()).isEqualTo(25);
        assertThat(third.totalPages()).isEqualTo(3);
        assertThat(third.hasNext()).isFalse();
        assertThat(third.items()).extracting(Book::getTitle)
                .containsExactly("Book 04", "Book 03", "Book 02", "Book 01", "Book 00");
    }

    @Test
    void pageBeyondTheEndIsEmptyWithTheTrueTotal() {
        saveBooks(3);
        Page<Book> page = inTx(em -> new Repository<>(Book.class, em).page(PageRequest.of(5, 10)));
        assertThat(page.items()).isEmpty();
        assertThat(page.total()).isEqualTo(3);
    }

    @Test
    void unknownSortAttributeIsRejectedNamingTheSortableOnes() {
        runTx(em -> assertThatThrownBy(() -> new Repository<>(Book.class, em)
                .page(new PageRequest(0, 10, Sort.by(Order.asc("price")))))
                .isInstanceOf(InvalidSortException.class)
                .hasMessageContaining("Cannot sort Book by 'price'")
                .hasMessageContaining("title"));
    }

    @Test
    void sortTextThatIsNotAnAttributeNameIsRejectedBeforeAnyQuery() {
        assertThatThrownBy(() -> Order.parse("title; drop table books"))
                .isInstanceOf(InvalidSortException.class);
        assertThatThrownBy(() -> Order.parse("author.name")).isInstanceOf(InvalidSortException.class);
    }

    @Test
    void keysetWalksEveryRowExactlyOnceInSortOrder() {
        List<Book> saved = saveBooks(23);
        // duplicate sort values: the id tie-break must still give a total order
        inTx(em -> new Repository<>(Book.class, em).save(new Book("Book 05", "dup", 10)));

        List<String> seen = walk(new KeysetRequest(Order.asc("title"), 5, null));

        List<String> expected = new ArrayList<>(saved.stream().map(Book::getTitle).toList());
        expected.add("Book 05");
        expected.sort(Comparator.naturalOrder());
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void keysetWalksPastSortValuesWithLineBreaksAndAnyOtherText() {
        // the cursor carries the last sort value as text: a value with line breaks (or the cursor's own
        // separators) must still give a cursor the next page accepts
        List<String> titles = List.of("a\nline break", "b\n\nv1\ntitle\nASC\nx", "c\r\n", "d\u2028", "e|f", "g\\n", "h \uD83D\uDE00",
                "i\n", "\nj", "k");
        inTx(em -> {
            Repository<Book> books = new Repository<>(Book.class, em);
            titles.forEach(t -> books.save(new Book(t, "isbn-" + UUID.randomUUID(), 1)));
            return null;
        });
        List<String> expected = rows("select title from books order by title, id").stream().map(r -> r.get(0)).toList();
        assertThat(walk(new KeysetRequest(Order.asc("title"), 1, null))).containsExactlyElementsOf(expected).hasSize(titles.size());
        List<String> reversed = new ArrayList<>(rows("select title from books order by title desc, id desc").stream()
                .map(r -> r.get(0)).toList());
        assertThat(walk(new KeysetRequest(Order.desc("title"), 3, null))).containsExactlyElementsOf(reversed);
    }

    @Test
    void keysetDescendingById() {
        List<Book> saved = saveBooks(7);
        List<String> seen = walk(new KeysetRequest(Order.desc("id"), 3, null));
        assertThat(seen).containsExactlyElementsOf(saved.stream().map(Book::getTitle).sorted(Comparator.reverseOrder()).toList());
    }

    @Test
    void keysetByATimestampWalksEveryRowNewestFirst() {
        List<Book> saved = saveBooks(11);
        // rows written in one millisecond share created_at: the id breaks the tie
        sql("UPDATE books SET created_at = TIMESTAMPTZ '2026-01-01 00:00:00.123+00' WHERE title < 'Book 04'");
        emf.getCache().evictAll();
        List<String> newestFirst = rows("select title from books order by created_at desc, id desc").stream()
                .map(r -> r.get(0)).toList();
        assertThat(walk(new KeysetRequest(Order.desc("createdAt"), 4, null))).containsExactlyElementsOf(newestFirst)
                .hasSize(saved.size());
        List<String> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        assertThat(walk(new KeysetRequest(Order.asc("createdAt"), 3, null))).containsExactlyElementsOf(oldestFirst);
    }

    @Test
    void cursorForAnotherSortOrTamperedCursorIsRejected() {
        saveBooks(4);
        KeysetPage<Book> first = inTx(em -> new Repository<>(Book.class, em).keyset(new KeysetRequest(Order.asc("title"), 2, null)));
        Cursor next = first.nextCursor().orElseThrow();

        runTx(em -> {
            Repository<Book> books = new Repository<>(Book.class, em);
            assertThatThrownBy(() -> books.keyset(new KeysetRequest(Order.desc("title"), 2, next)))
                    .isInstanceOf(InvalidCursorException.class).hasMessageContaining("another sort");
            assertThatThrownBy(() -> books.keyset(new KeysetRequest(Order.asc("title"), 2, new Cursor(next.token() + "x"))))
                    .isInstanceOf(InvalidCursorException.class);
            assertThatThrownBy(() -> books.keyset(new KeysetRequest(Order.asc("title"), 2, new Cursor("!!not-base64!!"))))
                    .isInstanceOf(InvalidCursorException.class);
            // forged: a sort value no row can hold (PostgreSQL refuses a NUL in a parameter)
            for (String forged : List.of("v1\ntitle\nASC\nBook\u000001\n" + UUID.randomUUID(), "v1\ntitle\nASC\nBook\n" + "not-an-id")) {
                Cursor cursor = new Cursor(java.util.Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(forged.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                assertThatThrownBy(() -> books.keyset(new KeysetRequest(Order.asc("title"), 2, cursor)))
                        .isInstanceOf(InvalidCursorException.class);
            }
        });
    }

    @Test
    void savingADetachedEntityMergesIt() {
        Author detached = inTx(em -> new Repository<>(Author.class, em).save(new Author("Shelley")));
        detached.setName("Mary Shelley");
        inTx(em -> new Repository<>(Author.class, em).save(detached));
        assertThat(rows("select name from authors")).containsExactly(List.of("Mary Shelley"));
    }

    private List<Book> saveBooks(int n) {
        return inTx(em -> {
            Repository<Book> books = new Repository<>(Book.class, em);
            List<Book> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(books.save(new Book(String.format("Book %02d", i), "isbn-" + UUID.randomUUID(), 100 + i)));
            }
            return out;
        });
    }

    private List<String> walk(KeysetRequest request) {
        List<String> seen = new ArrayList<>();
        KeysetRequest next = request;
        while (next != null) {
            KeysetRequest current = next;
            KeysetPage<Book> page = inTx(em -> new Repository<>(Book.class, em).keyset(current));
            page.items().forEach(b -> seen.add(b.getTitle()));
            next = page.nextCursor().map(current::after).orElse(null);
        }
        return seen;
    }
}
