package dev.tenantry.embedded;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The tests' one resource-local transaction helper: begin, work, commit; rolled back when the work
 * throws (the work's exception is the one thrown, a failed rollback suppressed in it); the
 * EntityManager closed either way.
 */
public final class Transactions {

    private Transactions() {
    }

    /**
     * @param em   an EntityManager of a resource-local unit, closed afterwards
     * @param work the work
     * @param <R>  its result type
     * @return its result, once committed
     */
    public static <R> R inTransaction(EntityManager em, Function<EntityManager, R> work) {
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            R result = work.apply(em);
            tx.commit();
            return result;
        } catch (RuntimeException | Error failure) {
            // the work's failure is the one to report: a rollback that fails too (its connection is gone) rides along
            try {
                if (tx.isActive()) {
                    tx.rollback();
                }
            } catch (RuntimeException rollback) {
                failure.addSuppressed(rollback);
            }
            throw failure;
        } finally {
            em.close();
        }
    }

    /** Like {@link #inTransaction(EntityManager, Function)} for work without a result. */
    public static void runInTransaction(EntityManager em, Consumer<EntityManager> work) {
        inTransaction(em, e -> {
            work.accept(e);
            return null;
        });
    }
}
