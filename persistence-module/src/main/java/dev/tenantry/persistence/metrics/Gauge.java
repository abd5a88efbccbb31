package dev.tenantry.persistence.metrics;

import java.util.concurrent.atomic.AtomicLong;

/** A value that is set, not added to: e.g. the problems a start-up check found. */
public final class Gauge implements Meter {

    private final Id id;
    private final AtomicLong value = new AtomicLong();

    Gauge(Id id) {
        this.id = id;
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
    public Id id() {
        return id;
    }

    @Override
    public String toString() {
        return name() + labels() + " = " + value();
    }
}
