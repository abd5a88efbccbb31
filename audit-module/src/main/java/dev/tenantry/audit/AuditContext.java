package dev.tenantry.audit;

import dev.tenantry.persistence.Work;
import dev.tenantry.persistence.errors.InvalidValueException;
import dev.tenantry.persistence.internal.StorableText;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is acting and under which correlation id, for the Activities written on this thread. Set per
 * request by Tenantry's JAX-RS filter (the authenticated principal, the {@code X-Request-Id} header or
 * a new id), and by jobs with {@link #callAs} or {@link #runAs}; restored afterwards, also when the work throws. Without
 * either, the actor is {@value #SYSTEM}.
 */
public final class AuditContext {

    /** The actor of work nobody identified. */
    public static final String SYSTEM = "system";

    private record Frame(String actor, String correlationId) {
    }

    private static final ThreadLocal<Frame> CURRENT = new ThreadLocal<>();

    private AuditContext() {
    }

    /**
     * @param actor         who acts, e.g. {@code system:retention} for a job
     * @param correlationId id tying the activities together, or null
     * @param work          the work
     * @param <T>           result type
     * @param <E>           what the work may throw
     * @return its result
     * @throws E what the work throws
     */
    public static <T, E extends Exception> T callAs(String actor, String correlationId, Work<T, E> work) throws E {
        try (Scope scope = open(actor, correlationId)) {
            return work.call();
        }
    }

    /**
     * @param actor         who acts
     * @param correlationId id, or null
     * @param work          the work, without a result
     */
    public static void runAs(String actor, String correlationId, Runnable work) {
        try (Scope scope = open(actor, correlationId)) {
            work.run();
        }
    }

    /**
     * Sets the actor until the returned scope is closed (for filters that cannot wrap the work).
     *
     * @param actor         who acts
     * @param correlationId id, or null
     * @return closing it restores what was set before
     */
    public static Scope open(String actor, String correlationId) {
        Objects.requireNonNull(actor, "actor");
        storable("actor", actor);
        if (correlationId != null) {
            storable("correlationId", correlationId);
        }
        Frame previous = CURRENT.get();
        CURRENT.set(new Frame(actor, correlationId));
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /**
     * Refuses, before any work, what no activity row could hold: every audited write of the work would
     * fail at its flush otherwise (PostgreSQL refuses a NUL; the driver would store an unpaired
     * surrogate as '?').
     */
    private static void storable(String attribute, String value) {
        String problem = StorableText.problemOf(value);
        if (problem != null) {
            throw new InvalidValueException("Activity", attribute, problem);
        }
    }

    /** An actor set by {@link #open}; close it on the same thread. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** @return the current actor, {@value #SYSTEM} when none is set */
    public static String actor() {
        Frame f = CURRENT.get();
        return f == null ? SYSTEM : f.actor();
    }

    /** @return the current correlation id, if any */
    public static Optional<String> correlationId() {
        Frame f = CURRENT.get();
        return f == null ? Optional.empty() : Optional.ofNullable(f.correlationId());
    }
}
