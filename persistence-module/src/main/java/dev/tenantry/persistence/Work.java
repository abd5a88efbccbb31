package dev.tenantry.persistence;

/**
 * Work with a result, run in a context Tenantry sets up (a tenant, an actor) by a {@code callAs}
 * method; {@code runAs} methods take a {@link Runnable} for work without one, as Java's
 * {@code Callable} and {@code Runnable} do. It may throw what it likes: a lambda that throws no
 * checked exception makes {@code callAs} throw none ({@code E} is inferred as
 * {@code RuntimeException}), one that throws {@code IOException} makes it throw that.
 *
 * @param <T> the result type
 * @param <E> what it may throw
 */
@FunctionalInterface
public interface Work<T, E extends Exception> {

    /**
     * @return the result
     * @throws E when the work fails
     */
    T call() throws E;
}
