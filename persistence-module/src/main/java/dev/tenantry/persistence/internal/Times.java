package dev.tenantry.persistence.internal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** UTC timestamps at PostgreSQL's precision (microseconds), so a value read back equals the one written. */
public final class Times {

    private static final Clock UTC = Clock.systemUTC();

    private Times() {
    }

    /** @return the current instant in UTC, truncated to microseconds */
    public static OffsetDateTime now() {
        return OffsetDateTime.now(UTC).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
