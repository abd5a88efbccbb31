package dev.tenantry.it.matrix;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.function.Supplier;

/** Runs work in a JTA transaction of its own, committed when the work returns. */
@ApplicationScoped
public class Tx {

    /**
     * @param work the work
     * @param <T>  result
     * @return its result
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public <T> T call(Supplier<T> work) {
        return work.get();
    }
}
