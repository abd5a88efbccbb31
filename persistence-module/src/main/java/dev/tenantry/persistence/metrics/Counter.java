package dev.tenantry.persistence.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A count that only grows, cheap to increment from many threads at once. */
public final class Counter implements Meter {

    private final Id id;
    private final LongAdder count = new LongAdder();

    Counter(Id id) {
        this.id = id;
    }

    /** Adds one. */
    public void increment() {
        count.increment();
    }

    /**
     * @param amount how many to add; not negative
     * @throws IllegalArgumentException when negative: a counter never goes down
     */
    public void add(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("Counter " + name() + " only grows: cannot add " + amount);
        }
        count.add(amount);
    }

    /** @return the count so far */
    public long count() {
        return count.sum();
    }

    @Override
    public Id id() {
        return id;
    }

    @Override
    public String toString() {
        return name() + labels() + " = " + count();
    }
}
