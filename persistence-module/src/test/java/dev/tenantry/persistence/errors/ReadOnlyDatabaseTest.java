package dev.tenantry.persistence.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tenantry.embedded.Transactions;
import dev.tenantry.persistence.DatabaseTest;
import dev.tenantry.persistence.testmodel.Book;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A database that accepts no writes for a while — a hot standby after a failover, or
 * {@code default_transaction_read_only} set for maintenance — on real PostgreSQL: each write fails
 * at its commit, leaves the rows as they were, and is answered 503 {@code database-unavailable} with
 * {@code Retry-After} (it was a 500 {@code internal} with a stack trace per request), not "commit
 * outcome unknown" (PostgreSQL rolled it back and said so); reads go on.
 */
class ReadOnlyDatabaseTest extends DatabaseTest {

    @Test
    void everyWriteToADatabaseThatAcceptsNoneIsA503ThatChangedNothing() throws SQLException {
        Book kept = inTx(em -> {
            Book b = new Book("Kept", "isbn-" + UUID.randomUUID(), 10);
            em.persist(b);
            return b;
        });
        List<List<String>> before = rows("SELECT id, title, deleted_at FROM books ORDER BY id");
        String name = database.endpoint().database();
        database.execute("ALTER DATABASE \"" + name + "\" SET default_transaction_read_only = on");
        // sessions opened from now on are read-only: a unit of its own, so none of its connections predates it
        EntityManagerFactory readOnly = Persistence.createEntityManagerFactory("test", database.endpoint()
                .jpaProperties(Map.of("eclipselink.session-name", "read-only-" + UUID.randomUUID())));
        try {
            List<Consumer<EntityManager>> writes = List.of(
                    em -> em.persist(new Book("New", "isbn-" + UUID.randomUUID(), 1)),
                    em -> em.find(Book.class, kept.getId()).setTitle("Renamed"),
                    em -> em.remove(em.find(Book.class, kept.getId())));
            for (Consumer<EntityManager> write : writes) {
                Throwable failure = catchThrowable(() -> Transactions.inTransaction(readOnly.createEntityManager(), em -> {
                    write.accept(em);
                    return null;
                }));
                assertThat(failure).isNotNull();
                Response r = new ProblemDetailsMapper().toResponse(failure);
                String body = String.valueOf(r.getEntity());
                assertThat(r.getStatus()).as(body).isEqualTo(503);
                assertThat(r.getHeaderString("Retry-After")).isNotNull();
                assertThat(body).contains("urn:tenantry:problem:database-unavailable").contains("read-only")
                        .contains("nothing was written").doesNotContain("25006").doesNotContain("books");
            }
            // reads go on
            assertThat(Transactions.inTransaction(readOnly.createEntityManager(), em -> em.find(Book.class, kept.getId()))
                    .getTitle()).isEqualTo("Kept");
        } finally {
            readOnly.close();
            try (Connection c = database.endpoint().connect(); Statement s = c.createStatement()) {
                s.execute("SET default_transaction_read_only = off");
                s.execute("ALTER DATABASE \"" + name + "\" RESET default_transaction_read_only");
            }
        }
        assertThat(rows("SELECT id, title, deleted_at FROM books ORDER BY id")).isEqualTo(before);
    }
}
