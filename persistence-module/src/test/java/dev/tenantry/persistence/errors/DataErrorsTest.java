package dev.tenantry.persistence.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.persistence.DatabaseTest;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.persistence.testmodel.Author;
import dev.tenantry.persistence.testmodel.Book;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataErrorsTest extends DatabaseTest {

    @BeforeEach
    void emptyTables() {
        sql("DELETE FROM books");
        sql("DELETE FROM authors");
    }

    @Test
    void duplicateUniqueValueIsAUniqueViolationNamingTheConstraintAndKeepsNothing() {
        runTx(em -> new Repository<>(Author.class, em).save(new Author("Tolstoy")));
        List<List<String>> before = rows("select * from authors");

        assertThatThrownBy(() -> runTx(em -> {
            Repository<Author> authors = new Repository<>(Author.class, em);
            authors.save(new Author("Chekhov"));          // written in the same transaction ...
            authors.save(new Author("Tolstoy"));
        }))
                .isInstanceOfSatisfying(UniqueViolationException.class, e -> {
                    assertThat(e.constraint()).contains("authors_name_key");
                    assertThat(e.sqlState()).isEqualTo("23505");
                    assertThat(e.table()).contains("authors");
                })
                .hasMessageContaining("authors_name_key")
                .hasMessageNotContaining("Tolstoy")
                .hasMessageNotContaining("INSERT");

        assertThat(rows("select * from authors")).isEqualTo(before);   // ... and rolled back with it
    }

    @Test
    void partialUniqueIndexIsAUniqueViolationToo() {
        runTx(em -> new Repository<>(Book.class, em).save(new Book("One", "isbn-x", 10)));
        assertThatThrownBy(() -> runTx(em -> new Repository<>(Book.class, em).save(new Book("Two", "isbn-x", 10))))
                .isInstanceOfSatisfying(UniqueViolationException.class,
                        e -> assertThat(e.constraint()).contains("books_isbn_live_key"));
    }

    @Test
    void foreignKeyToNowhereIsAForeignKeyViolation() {
        Book orphan = new Book("Orphan", "isbn-o", 10);
        orphan.setAuthorId(UUID.randomUUID());
        assertThatThrownBy(() -> runTx(em -> new Repository<>(Book.class, em).save(orphan)))
                .isInstanceOfSatisfying(ForeignKeyViolationException.class, e -> {
                    assertThat(e.constraint()).contains("books_author_fk");
                    assertThat(e.sqlState()).isEqualTo("23503");
                })
                .hasMessageNotContaining(orphan.getAuthorId().toString());
        assertThat(rows("select count(*) from books")).containsExactly(List.of("0"));
    }

    @Test
    void deletingAReferencedRowIsAForeignKeyViolation() {
        UUID author = inTx(em -> new Repository<>(Author.class, em).save(new Author("Referenced")).getId());
        Book book = new Book("Child", "isbn-c", 10);
        book.setAuthorId(author);
        runTx(em -> new Repository<>(Book.class, em).save(book));

        assertThatThrownBy(() -> runTx(em -> new Repository<>(Author.class, em).deleteById(author)))
                .isInstanceOf(ForeignKeyViolationException.class);
        assertThat(rows("select count(*) from authors")).containsExactly(List.of("1"));
    }

    @Test
    void missingRequiredValueIsANotNullViolationNamingTheColumn() {
        assertThatThrownBy(() -> runTx(em -> new Repository<>(Book.class, em).save(new Book(null, "isbn-n", 10))))
                .isInstanceOfSatisfying(NotNullViolationException.class, e -> {
                    assertThat(e.column()).contains("title");
                    assertThat(e.sqlState()).isEqualTo("23502");
                })
                .hasMessageContaining("title");
    }

    @Test
    void valueOutsideCheckIsACheckViolation() {
        assertThatThrownBy(() -> runTx(em -> new Repository<>(Book.class, em).save(new Book("Zero", "isbn-z", 0))))
                .isInstanceOfSatisfying(CheckViolationException.class,
                        e -> assertThat(e.constraint()).contains("books_pages_positive"));
    }

    @Test
    void otherFailuresAreNotTranslated() {
        assertThat(DataErrors.translate(new IllegalStateException("boom"))).isEmpty();
        assertThat(DataErrors.translate(new RuntimeException(new java.sql.SQLException("timeout", "57014")))).isEmpty();
    }
}
