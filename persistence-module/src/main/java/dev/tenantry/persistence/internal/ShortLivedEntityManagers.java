package dev.tenantry.persistence.internal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.TransactionRequiredException;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Work on an EntityManager opened for it with given properties (include deleted rows, a tenant),
 * joined to the current JTA transaction when there is one, and closed afterwards. Entities it
 * returns are detached.
 */
public final class ShortLivedEntityManagers {

    private ShortLivedEntityManagers() {
    }

    /**
     * @param emf        the shared factory
     * @param properties EntityManager properties, fixed for its life
     * @param work       what to do with it
     * @param <R>        result type
     * @return the work's result
     */
    public static <R> R apply(EntityManagerFactory emf, Map<String, Object> properties, Function<EntityManager, R> work) {
        return apply(() -> emf.createEntityManager(properties), work);
    }

    /**
     * @param opener opens the EntityManager (with whatever it needs fixed for its life)
     * @param work   what to do with it
     * @param <R>    result type
     * @return the work's result
     */
    public static <R> R apply(Supplier<EntityManager> opener, Function<EntityManager, R> work) {
        EntityManager em = opener.get();
        try {
            try {
                em.joinTransaction();
            } catch (TransactionRequiredException | IllegalStateException noJtaTransaction) {
                // resource-local unit or no active JTA transaction: work on committed data on its own
            }
            return work.apply(em);
        } finally {
            em.close();
        }
    }
}
