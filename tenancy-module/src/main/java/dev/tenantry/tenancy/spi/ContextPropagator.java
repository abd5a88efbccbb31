package dev.tenantry.tenancy.spi;

/**
 * Thread context that {@link dev.tenantry.tenancy.Tenants#propagate(Runnable)} carries into async
 * work besides the tenant context — Tenantry's audit module carries the actor and correlation id
 * this way. Implementations are found with {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/dev.tenantry.tenancy.spi.ContextPropagator} file in their jar).
 *
 * <p>Fail closed: when {@link #capture()} throws, {@code propagate} throws and the task is never
 * submitted, rather than running without the context. Implementations must be thread-safe.
 */
public interface ContextPropagator {

    /**
     * Called on the submitting thread.
     *
     * @return what to set on the thread that runs the task
     */
    Captured capture();

    /** A captured context. */
    @FunctionalInterface
    interface Captured {

        /**
         * Sets the captured context on the current thread.
         *
         * @return closing it restores what the thread had before
         */
        Restore apply();
    }

    /** Restores a thread's previous context; called once, on the thread that applied it. */
    @FunctionalInterface
    interface Restore extends AutoCloseable {
        @Override
        void close();
    }
}
