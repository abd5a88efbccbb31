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
    /** Random longs drawn per call of the shared generator, for one thread. */
    private static final int DRAWN = 32;
    /**
     * Each thread's random longs not yet used, {@code [next index, value 1 .. value DRAWN]}: the shared
     * generator is synchronized (and reads the system's entropy source), so drawing one long from it
     * per id made threads that insert queue on it. A {@code long[]}, a JDK type, so a server thread
     * keeps no class of a redeployed application alive.
     */
    private static final ThreadLocal<long[]> DRAWN_LONGS = new ThreadLocal<>();
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
        long lsb = (randomLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** @return 64 bits from the shared {@link SecureRandom}, drawn {@value #DRAWN} at a time per thread; each used once */
    private static long randomLong() {
        long[] drawn = DRAWN_LONGS.get();
        if (drawn == null) {
            drawn = new long[DRAWN + 1];
            drawn[0] = DRAWN + 1;
            DRAWN_LONGS.set(drawn);
        }
        int next = (int) drawn[0];
        if (next > DRAWN) {
            byte[] bytes = new byte[DRAWN * Long.BYTES];
            RANDOM.nextBytes(bytes);
            java.nio.ByteBuffer.wrap(bytes).asLongBuffer().get(drawn, 1, DRAWN);
            next = 1;
        }
        long value = drawn[next];
        drawn[next] = 0;   // handed out once
        drawn[0] = next + 1;
        return value;
    }
}
