package dev.tenantry.persistence;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Time-ordered UUIDs (RFC 9562 version 7) for primary keys.
 *
 * <p>The first 48 bits are the Unix time in milliseconds, so new rows land at the right-hand edge
 * of a B-tree index instead of at random pages. Within one millisecond a counter keeps ids from one
 * JVM strictly increasing. Thread-safe.
 */
public final class Uuids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static long lastMillis;
    private static long sequence;

    private Uuids() {
    }

    /** @return a new version 7 UUID, greater than any this JVM returned before */
    public static UUID timeOrdered() {
        long millis;
        long seq;
        synchronized (Uuids.class) {
            millis = Math.max(System.currentTimeMillis(), lastMillis);
            if (millis == lastMillis) {
                sequence++;
                if (sequence > 0xFFF) {   // 12-bit counter exhausted: borrow the next millisecond
                    millis++;
                    sequence = 0;
                }
            } else {
                sequence = 0;
            }
            lastMillis = millis;
            seq = sequence;
        }
        long msb = (millis << 16) | 0x7000L | seq;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
