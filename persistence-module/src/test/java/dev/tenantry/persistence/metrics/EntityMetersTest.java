package dev.tenantry.persistence.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.persistence.DatabaseTest;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.persistence.testmodel.Author;
import dev.tenantry.persistence.testmodel.Book;
import jakarta.persistence.EntityManager;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Reads and writes through JPA, the Repository and its direct writes, counted per entity on real PostgreSQL. */
class EntityMetersTest extends DatabaseTest {

    private static long writes(String entity, String operation) {
        return TenantryMetrics.counter(TenantryMetrics.ENTITY_WRITES, "", "entity", entity, "operation", operation).count();
    }

    private static long loads(String entity) {
        return TenantryMetrics.counter(TenantryMetrics.ENTITY_LOADS, "", "entity", entity).count();
    }

    @Test
    void insertsReadsUpdatesAndDeletesAreCountedPerEntity() {
        long inserts = writes("Author", "insert");
        long updates = writes("Author", "update");
        long deletes = writes("Author", "delete");
        long authorLoads = loads("Author");
        long bookInserts = writes("Book", "insert");

        UUID id = inTx(em -> {
            Author a = new Author("Austen");
            em.persist(a);
            return a.getId();
        });
        assertThat(writes("Author", "insert")).isEqualTo(inserts + 1);
        assertThat(writes("Book", "insert")).isEqualTo(bookInserts);

        runTx(em -> em.createQuery("select a from Author a", Author.class).getResultList());
        assertThat(loads("Author")).isEqualTo(authorLoads + 1);

        runTx(em -> em.find(Author.class, id).setName("Jane Austen"));
        assertThat(writes("Author", "update")).isEqualTo(updates + 1);

        runTx(em -> em.remove(em.find(Author.class, id)));
        assertThat(writes("Author", "delete")).isEqualTo(deletes + 1);
    }

    @Test
    void aSoftDeleteCountsAsADeleteAndDirectWritesAreCountedToo() {
        UUID id = inTx(em -> new Repository<>(Book.class, em).save(new Book("Emma", "isbn-m1", 100)).getId());
        long updates = writes("Book", "update");
        long deletes = writes("Book", "delete");

        long version = inTx(em -> new Repository<>(Book.class, em).direct().update(id, null, Map.of("pages", 120)));
        assertThat(writes("Book", "update")).isEqualTo(updates + 1);

        runTx(em -> new Repository<>(Book.class, em).direct().delete(id, version));
        assertThat(writes("Book", "delete")).isEqualTo(deletes + 1);
        assertThat(rows("select deleted_at is not null from books where id = '" + id + "'").get(0)).containsExactly("t");

        long inserts = writes("Book", "insert");
        runTx(em -> new Repository<>(Book.class, em).direct().insert(new Book("Sanditon", "isbn-m4", 60)));
        assertThat(writes("Book", "insert")).isEqualTo(inserts + 1);

        UUID other = inTx(em -> new Repository<>(Book.class, em).save(new Book("Persuasion", "isbn-m2", 90)).getId());
        runTx(em -> em.remove(em.find(Book.class, other)));
        assertThat(writes("Book", "delete")).isEqualTo(deletes + 2);
    }

    @Test
    void aWriteThatFailsIsNotCountedAsWritten() {
        UUID id = inTx(em -> new Repository<>(Book.class, em).save(new Book("Sanditon", "isbn-m3", 60)).getId());
        long updates = writes("Book", "update");
        EntityManager em = emf.createEntityManager();
        try {
            assertThatThrownBy(() -> new Repository<>(Book.class, em).direct().update(id, 99L, Map.of("pages", 61)))
                    .hasMessageContaining("was changed since version 99");
        } finally {
            em.close();
        }
        assertThat(writes("Book", "update")).isEqualTo(updates);
    }
}
