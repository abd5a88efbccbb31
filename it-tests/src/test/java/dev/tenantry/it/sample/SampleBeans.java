package dev.tenantry.it.sample;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.function.Supplier;

/**
 * What every Tenantry application declares: its EntityManager bean, and (here, for the tests) a
 * transaction boundary.
 */
@ApplicationScoped
public class SampleBeans {

    @Produces
    @PersistenceContext(unitName = "sample")
    EntityManager em;

    /**
     * @param work the work
     * @param <T>  its result
     * @return its result, committed
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public <T> T inTransaction(Supplier<T> work) {
        return work.get();
    }
}
