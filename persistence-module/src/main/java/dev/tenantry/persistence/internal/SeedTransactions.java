package dev.tenantry.persistence.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Gives each seed its own JTA transaction. */
@ApplicationScoped
public class SeedTransactions {

    /** @param work runs in a new transaction, committed on return, rolled back when it throws */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void inNewTransaction(Runnable work) {
        work.run();
    }
}
