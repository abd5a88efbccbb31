package dev.tenantry.persistence.errors;

import java.lang.System.Logger.Level;

/**
 * Logs a failure that every request meets alike while it lasts (the database is down) at most once per
 * interval at WARNING, saying how many were left unlogged since the line before; every occurrence's
 * stack trace goes to DEBUG. Without it a database outage writes one stack trace per request. Thread-safe.
 */
final class OutageLog {

    private static final long NEVER = Long.MIN_VALUE;

    private final long intervalNanos;
    /** When the last WARNING line was written; guarded by {@code this}. */
    private long lastLine = NEVER;
    /** Occurrences since that line that wrote none; guarded by {@code this}. */
    private long unlogged;

    OutageLog(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /**
     * @param log     where to log
     * @param line    the WARNING line: no value, statement or secret
     * @param failure its cause, logged at DEBUG
     * @return whether this occurrence wrote the WARNING line
     */
    boolean log(System.Logger log, String line, Throwable failure) {
        long now = System.nanoTime();
        long more;
        boolean due;
        // one decision at a time: with two atomics an occurrence counted between another's decision to write
        // and its reading of the count was reported as left out before a line it came after
        synchronized (this) {
            due = lastLine == NEVER || now - lastLine >= intervalNanos;
            more = unlogged;
            if (due) {
                lastLine = now;
                unlogged = 0;
            } else {
                unlogged++;
            }
        }
        if (due) {
            log.log(Level.WARNING, line + (more == 0 ? "" : " (and " + more + " more like it since the last such line)"));
        }
        log.log(Level.DEBUG, line, failure);
        return due;
    }
}
