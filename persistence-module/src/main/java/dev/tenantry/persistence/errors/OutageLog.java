package dev.tenantry.persistence.errors;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs a failure that every request meets alike while it lasts (the database is down) at most once per
 * interval at WARNING, saying how many were left unlogged since the line before; every occurrence's
 * stack trace goes to DEBUG. Without it a database outage writes one stack trace per request. Thread-safe.
 */
final class OutageLog {

    private static final long NEVER = Long.MIN_VALUE;

    private final long intervalNanos;
    private final AtomicLong lastLine = new AtomicLong(NEVER);
    private final AtomicLong unlogged = new AtomicLong();

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
        long last = lastLine.get();
        boolean due = (last == NEVER || now - last >= intervalNanos) && lastLine.compareAndSet(last, now);
        if (due) {
            long more = unlogged.getAndSet(0);
            log.log(Level.WARNING, line + (more == 0 ? "" : " (and " + more + " more like it since the last such line)"));
        } else {
            unlogged.incrementAndGet();
        }
        log.log(Level.DEBUG, line, failure);
        return due;
    }
}
