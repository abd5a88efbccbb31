package dev.tenantry.persistence.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** How often something took how long: a count and a total of durations, as Prometheus summaries have. */
public final class Timer implements Meter {

    private final String name;
    private final String description;
    private final Map<String, String> labels;
    private final LongAdder count = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();

    Timer(String name, String description, Map<String, String> labels) {
        this.name = name;
        this.description = description;
        this.labels = labels;
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
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Map<String, String> labels() {
        return labels;
    }

    @Override
    public String toString() {
        return name + labels + " = " + count() + " in " + totalSeconds() + " s";
    }
}
