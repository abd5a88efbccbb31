package dev.tenantry.persistence.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.persistence.DatabaseTest;
import dev.tenantry.persistence.errors.InvalidValueException;
import dev.tenantry.persistence.testmodel.Book;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad values are refused before anything is written, naming the attribute and never the value:
 * Bean Validation constraints of the entity (EclipseLink runs them before insert and update when a
 * provider is present, as on Payara and WildFly), and text PostgreSQL cannot store as it is.
 */
class ValuesBeforeFlushTest extends DatabaseTest {

    @BeforeEach
    void empty() {
        sql("DELETE FROM books");
    }

    @Test
    void beanValidationConstraintsAreCheckedBeforeInsertAndUpdate() {
        assertThatThrownBy(() -> runTx(em -> new Repository<>(Book.class, em).save(new Book("x".repeat(201), "i", 1))))
                .isInstanceOf(ConstraintViolationException.class);
        UUID id = inTx(em -> new Repository<>(Book.class, em).save(new Book("fine", "i", 1)).getId());
        assertThatThrownBy(() -> runTx(em -> new Repository<>(Book.class, em).get(id).setTitle("y".repeat(201))))
                .hasRootCauseInstanceOf(ConstraintViolationException.class);
        assertThat(rows("select title from books")).containsExactly(List.of("fine"));
    }

    @Test
    void textWithNulOrUnpairedSurrogatesIsRefusedNamingTheAttribute() {
        for (String bad : List.of("a\u0000b", "\u0000", "x\uD800", "\uDC00y", "\uD83D", "ok\uDE00ok")) {
            assertThatThrownBy(() -> runTx(em -> new Repository<>(Book.class, em).save(new Book(bad, "i", 1))))
                    .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                        assertThat(e.attribute()).contains("title");
                        assertThat(e.getMessage()).contains("Book.title").doesNotContain(bad);
                    });
        }
        UUID id = inTx(em -> new Repository<>(Book.class, em).save(new Book("emoji \uD83D\uDE00 ok", "i", 1)).getId());
        assertThatThrownBy(() -> runTx(em -> new Repository<>(Book.class, em).get(id).setTitle("nul \u0000")))
                .hasRootCauseInstanceOf(InvalidValueException.class);
        assertThat(rows("select title from books")).containsExactly(List.of("emoji \uD83D\uDE00 ok"));
    }
}
