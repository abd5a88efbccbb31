package dev.tenantry.tenancy;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The tenant of the current thread's work.
 *
 * <p>{@link #runAs(TenantId, Callable)} sets it for the duration of the work and restores the
 * previous one afterwards, also when the work throws, so nothing is left on a pooled thread.
 * Async work does not inherit it: wrap the task with {@link #propagate(Runnable)} (or
 * {@link #propagate(Callable)}) when submitting it. Thread-safe.
 */
public final class Tenants {

    private static final ThreadLocal<TenantId> CURRENT = new ThreadLocal<>();

    private Tenants() {
    }

    /**
     * @param tenant the tenant
     * @param work   work to run as that tenant
     * @param <T>    result type
     * @return the work's result
     * @throws Exception what the work throws
     */
    public static <T> T runAs(TenantId tenant, Callable<T> work) throws Exception {
        Objects.requireNonNull(tenant, "tenant");
        TenantId previous = CURRENT.get();
        CURRENT.set(tenant);
        try {
            return work.call();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /**
     * @param tenant the tenant
     * @param work   work to run as that tenant
     */
    public static void runAs(TenantId tenant, Runnable work) {
        try {
            runAs(tenant, () -> {
                work.run();
                return null;
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);   // a Runnable throws no checked exception
        }
    }

    /**
     * Like {@link #runAs(TenantId, Callable)} for work that throws no checked exception.
     *
     * @param tenant the tenant
     * @param work   work to run as that tenant
     * @param <T>    result type
     * @return the work's result
     */
    public static <T> T callAs(TenantId tenant, Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        try {
            return runAs(tenant, work::get);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);   // a Supplier throws no checked exception
        }
    }

    /** @return the current tenant, if any */
    public static Optional<TenantId> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * @param what the work that needs a tenant, for the message
     * @return the current tenant
     * @throws TenantNotResolvedException when there is none
     */
    public static TenantId require(String what) {
        TenantId tenant = CURRENT.get();
        if (tenant == null) {
            throw new TenantNotResolvedException(what);
        }
        return tenant;
    }

    /**
     * @param task work to hand to another thread
     * @return the same work, run as the tenant current now (or as none, when none is current)
     */
    public static Runnable propagate(Runnable task) {
        TenantId captured = CURRENT.get();
        return captured == null ? task : () -> runAs(captured, task);
    }

    /**
     * @param task work to hand to another thread
     * @param <T>  result type
     * @return the same work, run as the tenant current now (or as none, when none is current)
     */
    public static <T> Callable<T> propagate(Callable<T> task) {
        TenantId captured = CURRENT.get();
        return captured == null ? task : () -> runAs(captured, task);
    }
}
