package dev.tenantry.tenancy;

import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.Work;
import dev.tenantry.tenancy.spi.ContextPropagator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;

/**
 * The tenant context of the current thread's work.
 *
 * <p>{@link #callAs(TenantContext, Work)} (work with a result) and {@link #runAs(TenantContext, Runnable)}
 * (work without) set it for the duration of the work and restore the previous one afterwards, also
 * when the work throws, so nothing is left on a pooled thread; {@link #callAs(TenantId, Work)} and
 * {@link #runAs(TenantId, Runnable)} do so for system work (no member, no role check). Async work
 * does not inherit it: wrap the task with {@link #propagate(Runnable)} (or
 * {@link #propagate(Callable)}) when submitting it. Thread-safe.
 */
public final class Tenants {

    private static final ThreadLocal<TenantContext> CURRENT = new ThreadLocal<>();
    private static final List<ContextPropagator> PROPAGATORS = ServiceLoader.load(ContextPropagator.class,
            Tenants.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();

    private Tenants() {
    }

    /**
     * @param context tenant, and the member acting (or none, for system work)
     * @param work    work to run in that context
     * @param <T>     result type
     * @param <E>     what the work may throw
     * @return the work's result
     * @throws E what the work throws
     */
    public static <T, E extends Exception> T callAs(TenantContext context, Work<T, E> work) throws E {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(work, "work");
        TenantContext previous = CURRENT.get();
        CURRENT.set(context);
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
     * @param context tenant, and the member acting (or none, for system work)
     * @param work    work to run in that context
     */
    public static void runAs(TenantContext context, Runnable work) {
        Objects.requireNonNull(work, "work");
        callAs(context, () -> {
            work.run();
            return null;
        });
    }

    /**
     * System work for a tenant (jobs, timers): no member acts, so no role check applies.
     *
     * @param tenant the tenant
     * @param work   work to run as that tenant
     * @param <T>    result type
     * @param <E>    what the work may throw
     * @return the work's result
     * @throws E what the work throws
     */
    public static <T, E extends Exception> T callAs(TenantId tenant, Work<T, E> work) throws E {
        return callAs(TenantContext.system(Objects.requireNonNull(tenant, "tenant")), work);
    }

    /**
     * @param tenant the tenant
     * @param work   work to run as that tenant (system work)
     */
    public static void runAs(TenantId tenant, Runnable work) {
        runAs(TenantContext.system(Objects.requireNonNull(tenant, "tenant")), work);
    }

    /** @return the current tenant set by {@code callAs} or {@code runAs}, if any */
    public static Optional<TenantId> current() {
        return currentContext().map(TenantContext::tenant);
    }

    /** @return the context set by {@code callAs} or {@code runAs} on this thread, if any */
    public static Optional<TenantContext> currentContext() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * @param what the work that needs a tenant, for the message
     * @return the current tenant
     * @throws TenantNotResolvedException when there is none
     */
    public static TenantId require(String what) {
        return currentContext().orElseThrow(() -> new TenantNotResolvedException(what)).tenant();
    }

    /**
     * Carries the current work's context into a task for another thread: the tenant with the acting
     * member and role (set by {@code callAs} or {@code runAs}, else — in a CDI application — the request's, as
     * {@link CurrentTenant} sees it), and whatever the installed {@link ContextPropagator}s carry
     * (Tenantry's audit module: actor and correlation id). Without a current tenant the task runs
     * with none, and fails closed when it touches tenant data.
     *
     * @param task work to hand to another thread
     * @return the same work, run in the context current now
     * @throws TenantryException when a propagator cannot capture its context (nothing is submitted)
     */
    public static Runnable propagate(Runnable task) {
        Objects.requireNonNull(task, "task");
        Carried carried = Carried.capture();
        return () -> carried.run(() -> {
            task.run();
            return null;
        });
    }

    /**
     * Like {@link #propagate(Runnable)} for a task with a result.
     *
     * @param task work to hand to another thread
     * @param <T>  result type
     * @return the same work, run in the context current now
     * @throws TenantryException when a propagator cannot capture its context (nothing is submitted)
     */
    public static <T> Callable<T> propagate(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        Carried carried = Carried.capture();
        return () -> carried.call(task);
    }

    /** What a task takes along to its thread. */
    private record Carried(TenantContext context, List<ContextPropagator.Captured> others) {

        static Carried capture() {
            TenantContext context = CURRENT.get();
            if (context == null) {
                context = CurrentTenant.ofApplication().flatMap(CurrentTenant::context).orElse(null);
            }
            List<ContextPropagator.Captured> others = new ArrayList<>(PROPAGATORS.size());
            for (ContextPropagator p : PROPAGATORS) {
                try {
                    others.add(Objects.requireNonNull(p.capture(), "captured context"));
                } catch (RuntimeException e) {
                    throw new TenantryException("Cannot carry the context of " + p.getClass().getName()
                            + " into the task, so it is not submitted: " + e.getMessage(), e);
                }
            }
            return new Carried(context, List.copyOf(others));
        }

        void run(Callable<Void> work) {
            try {
                call(work);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);   // a Runnable's work throws no checked exception
            }
        }

        <T> T call(Callable<T> work) throws Exception {
            List<ContextPropagator.Restore> restores = new ArrayList<>(others.size());
            try {
                for (ContextPropagator.Captured c : others) {
                    restores.add(c.apply());
                }
                return context == null ? work.call() : callAs(context, work::call);
            } finally {
                for (int i = restores.size() - 1; i >= 0; i--) {
                    restores.get(i).close();
                }
            }
        }
    }
}
