package dev.tenantry.persistence.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/** How often something took how long: a count and a total of durations, as Prometheus summaries have. */
public final class Timer implements Meter {

    private final Id id;
    private final LongAdder count = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();

    Timer(Id id) {
        this.id = id;
    }

    /** @param nanos how long it took, in nanoseconds; a negative value counts as zero */
    public void record(long nanos) {
        count.increment();
        totalNanos.add(Math.max(0, nanos));
    }

    /** @param duration how long it took */
    public void record(Duration duration) {
        record(duration.toNanos());
    }

    /** @return how many durations were recorded */
    public long count() {
        return count.sum();
    }

    /** @return the sum of the durations recorded, in seconds */
    public double totalSeconds() {
        return totalNanos.sum() / 1e9;
    }

    @Override
    public Id id() {
        return id;
    }

    @Override
    public String toString() {
        return name() + labels() + " = " + count() + " in " + totalSeconds() + " s";
    }
}
