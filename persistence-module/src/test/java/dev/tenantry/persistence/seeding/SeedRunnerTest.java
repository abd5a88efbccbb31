package dev.tenantry.persistence.seeding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.persistence.DatabaseTest;
import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.persistence.settings.AppMode;
import dev.tenantry.persistence.spi.Seed;
import dev.tenantry.persistence.testmodel.Author;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SeedRunnerTest extends DatabaseTest {

    private EntityManager em;

    @BeforeEach
    void freshState() {
        sql("DELETE FROM books");
        sql("DELETE FROM authors");
        if (em != null) {
            em.close();
        }
        em = emf.createEntityManager();
    }

    /** Resource-local stand-in for the JTA REQUIRES_NEW the CDI runtime uses. */
    private Consumer<Runnable> transactions() {
        return work -> {
            EntityTransaction tx = em.getTransaction();
            tx.begin();
            try {
                work.run();
                tx.commit();
            } finally {
                if (tx.isActive()) {
                    tx.rollback();
                }
                em.clear();
            }
        };
    }

    /** An idempotent seed: inserts an author unless one with that name exists. */
    private Seed author(String name, int order, boolean demo, List<String> log) {
        return new Seed() {
            @Override
            public String name() {
                return "author-" + name;
            }

            @Override
            public int order() {
                return order;
            }

            @Override
            public boolean demoOnly() {
                return demo;
            }

            @Override
            public void run() {
                log.add(name);
                boolean exists = !em.createQuery("select a from Author a where a.name = :n", Author.class)
                        .setParameter("n", name).getResultList().isEmpty();
                if (!exists) {
                    new Repository<>(Author.class, em).save(new Author(name));
                }
            }
        };
    }

    @Test
    void aSecondSeedRunChangesNoRow() {
        List<Seed> seeds = List.of(author("Homer", 1, false, new ArrayList<>()), author("Virgil", 2, false, new ArrayList<>()));
        SeedRunner.run(seeds, AppMode.LIVE, transactions());
        List<List<String>> afterFirst = rows("select * from authors order by id");

        SeedRunner.run(seeds, AppMode.LIVE, transactions());

        assertThat(afterFirst).hasSize(2);
        assertThat(rows("select * from authors order by id")).isEqualTo(afterFirst);
    }

    @Test
    void seedsRunByOrderThenName() {
        List<String> log = new ArrayList<>();
        List<String> ran = SeedRunner.run(List.of(author("C", 2, false, log), author("B", 1, false, log),
                author("A", 2, false, log)), AppMode.LIVE, transactions());
        assertThat(log).containsExactly("B", "A", "C");
        assertThat(ran).containsExactly("author-B", "author-A", "author-C");
    }

    @Test
    void demoSeedsRunOnlyInDemoMode() {
        List<String> log = new ArrayList<>();
        List<Seed> seeds = List.of(author("Base", 1, false, log), author("Demo", 2, true, log));

        SeedRunner.run(seeds, AppMode.LIVE, transactions());
        assertThat(rows("select name from authors")).containsExactly(List.of("Base"));

        SeedRunner.run(seeds, AppMode.DEMO, transactions());
        assertThat(rows("select name from authors order by name")).containsExactly(List.of("Base"), List.of("Demo"));
    }

    @Test
    void failingSeedIsNamedAndItsRowsRolledBack() {
        Seed failing = new Seed() {
            @Override
            public String name() {
                return "half-done";
            }

            @Override
            public void run() {
                new Repository<>(Author.class, em).save(new Author("Written then rolled back"));
                throw new IllegalStateException("seed bug");
            }
        };
        assertThatThrownBy(() -> SeedRunner.run(List.of(author("Kept", 1, false, new ArrayList<>()), failing),
                AppMode.LIVE, transactions()))
                .isInstanceOf(TenantryException.class)
                .hasMessageContaining("Seed 'half-done' failed and was rolled back");
        assertThat(rows("select name from authors")).containsExactly(List.of("Kept"));
    }

    @Test
    void duplicateSeedNamesAreRejectedBeforeAnyRuns() {
        List<String> log = new ArrayList<>();
        assertThatThrownBy(() -> SeedRunner.run(List.of(author("X", 1, false, log), author("X", 2, false, log)),
                AppMode.LIVE, transactions()))
                .hasMessageContaining("Two seeds are named 'author-X'");
        assertThat(log).isEmpty();
    }
}
