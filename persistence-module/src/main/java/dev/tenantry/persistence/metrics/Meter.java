package dev.tenantry.persistence.metrics;

import java.util.Map;

/**
 * One figure Tenantry keeps: a {@link Counter}, a {@link Timer} or a {@link Gauge}, named in
 * Micrometer's dotted style ({@code tenantry.entity.writes}) with labels. The server's metrics
 * endpoint shows it in Prometheus' style ({@code tenantry_entity_writes_total{entity="Article",...}}).
 */
public sealed interface Meter permits Counter, Timer, Gauge {

    /** @return the dotted name, e.g. {@code tenantry.entity.writes} */
    String name();

    /** @return one sentence saying what it counts or measures */
    String description();

    /** @return the labels, in the order they were given; never values of rows, never secrets */
    Map<String, String> labels();
}
