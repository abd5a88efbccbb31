package dev.tenantry.persistence.internal;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import org.eclipse.persistence.internal.sessions.AbstractSession;
import org.eclipse.persistence.sessions.UnitOfWork;

/**
 * The JDBC connection an EntityManager's transaction runs on, for the plugin's own statements
 * (restore, purge, audit rows of bulk statements).
 */
public final class TransactionConnections {

    private TransactionConnections() {
    }

    /**
     * {@code em.unwrap(Connection.class)}, with the database transaction begun first when the
     * EntityManager has a resource-local transaction that has not written yet. EclipseLink begins
     * the database transaction at the first write; {@code unwrap} begins it too, except on an
     * exclusive connection (as {@code RowSecurityListener} configures), where it hands out the
     * connection still in autocommit, and a statement run on it would outlive a rollback. Under JTA
     * it is begun too: before a JTA EntityManager's first statement its client session holds no
     * connection of its own, and {@code unwrap} hands out one of the server session's instead —
     * bound to no tenant (row-level security then hides every row, so a restore, purge or direct
     * write changed nothing) and not the connection the EntityManager goes on to use.
     *
     * @param em an open EntityManager
     * @return its connection, in its transaction if it has one
     */
    public static Connection of(EntityManager em) {
        UnitOfWork unitOfWork = em.unwrap(UnitOfWork.class);
        if (unitOfWork != null && !((AbstractSession) unitOfWork).isInTransaction()
                && (unitOfWork.getParent().hasExternalTransactionController() ? em.isJoinedToTransaction()
                        : em.getTransaction().isActive())) {
            unitOfWork.beginEarlyTransaction();
        }
        return em.unwrap(Connection.class);
    }
}
