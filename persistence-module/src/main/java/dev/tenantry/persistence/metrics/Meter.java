package dev.tenantry.persistence.metrics;

import java.util.Map;

/**
 * One figure Tenantry keeps: a {@link Counter}, a {@link Timer} or a {@link Gauge}, named in
 * Micrometer's dotted style ({@code tenantry.entity.writes}) with labels. The server's metrics
 * endpoint shows it in Prometheus' style ({@code tenantry_entity_writes_total{entity="Article",...}}).
 */
public sealed interface Meter permits Counter, Timer, Gauge {

    /** @return its name, description and labels */
    Id id();

    /** @return the dotted name, e.g. {@code tenantry.entity.writes} */
    default String name() {
        return id().name();
    }

    /** @return one sentence saying what it counts or measures */
    default String description() {
        return id().description();
    }

    /** @return the labels, in the order they were given; never values of rows, never secrets */
    default Map<String, String> labels() {
        return id().labels();
    }

    /**
     * What tells a meter from the others, and what it is for.
     *
     * @param name        the dotted name
     * @param description one sentence
     * @param labels      label names and values
     */
    record Id(String name, String description, Map<String, String> labels) {
    }
}
