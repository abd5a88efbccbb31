package dev.tenantry.persistence.internal;

import java.sql.SQLException;

/**
 * Puts a connection back in order after work on it (roll back, restore its settings) without
 * letting a cleanup step that fails hide why the work failed.
 */
public final class JdbcCleanup {

    /** One cleanup step, e.g. {@code connection::rollback}. */
    @FunctionalInterface
    public interface Step {
        /** @throws SQLException when the connection refuses it (usually: it is gone) */
        void run() throws SQLException;
    }

    private JdbcCleanup() {
    }

    /**
     * Runs {@code steps} in order. When the work succeeded ({@code failure} is {@code null}) the first
     * step that fails is thrown, as a plain {@code finally} would. When the work failed, every step is
     * tried and each that fails too is added to {@code failure} as suppressed, so the work's failure
     * (a unique violation, the lost connection's own SQLState) is the one callers classify.
     *
     * @param failure what the work threw, or {@code null}
     * @param steps   the cleanup, in order
     * @throws SQLException the first failing step's, only when {@code failure} is {@code null}
     */
    public static void after(Throwable failure, Step... steps) throws SQLException {
        for (Step step : steps) {
            try {
                step.run();
            } catch (SQLException | RuntimeException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
    }
}
