package dev.tenantry.crypto.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the stored values that could not be decrypted. The crypto jar depends on none of
 * Tenantry's other modules, so the count reaches the metrics endpoint through the persistence
 * module's {@code TenantryMetrics} counter {@code tenantry.decryption.failures} when that class is
 * present beside it (found once, by name); it is always kept here as well.
 */
public final class DecryptionFailures {

    static final String METRICS = "dev.tenantry.persistence.metrics.TenantryMetrics";
    private static final LongAdder COUNT = new LongAdder();
    private static final Runnable EXPORTED = exported();

    private DecryptionFailures() {
    }

    /** Counts one failure. */
    public static void add() {
        COUNT.increment();
        EXPORTED.run();
    }

    /** @return the failures counted since this class was loaded */
    public static long count() {
        return COUNT.sum();
    }

    private static Runnable exported() {
        try {
            Class<?> metrics = Class.forName(METRICS, true, DecryptionFailures.class.getClassLoader());
            Object counter = metrics.getMethod("counter", String.class, String.class, String[].class)
                    .invoke(null, metrics.getField("DECRYPTION_FAILURES").get(null),
                            "Encrypted values that could not be decrypted", new String[0]);
            MethodHandle increment = MethodHandles.publicLookup().findVirtual(counter.getClass(), "increment",
                    MethodType.methodType(void.class)).bindTo(counter);
            return () -> {
                try {
                    increment.invokeExact();
                } catch (Throwable e) {
                    // a counter's add cannot fail; nothing to do if it did
                }
            };
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return () -> { };   // no persistence module beside the crypto jar: counted here only
        }
    }
}
