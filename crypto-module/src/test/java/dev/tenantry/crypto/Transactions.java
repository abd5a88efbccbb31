package dev.tenantry.crypto;

import jakarta.persistence.EntityManager;
import java.util.function.Function;

/** The crypto tests' one resource-local transaction helper. */
final class Transactions {

    private Transactions() {
    }

    /** Runs {@code work} in a transaction of {@code em}: commits on success, rolls back otherwise, closes {@code em}. */
    static <T> T inTransaction(EntityManager em, Function<EntityManager, T> work) {
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }
}
