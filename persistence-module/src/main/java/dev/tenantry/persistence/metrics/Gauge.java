package dev.tenantry.persistence.metrics;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A value that is set, not added to: e.g. the problems a start-up check found. */
public final class Gauge implements Meter {

    private final String name;
    private final String description;
    private final Map<String, String> labels;
    private final AtomicLong value = new AtomicLong();

    Gauge(String name, String description, Map<String, String> labels) {
        this.name = name;
        this.description = description;
        this.labels = labels;
    }

    /** @param value the value from now on */
    public void set(long value) {
        this.value.set(value);
    }

    /** @return the value last set, {@code 0} before */
    public long value() {
        return value.get();
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
        return name + labels + " = " + value();
    }
}
