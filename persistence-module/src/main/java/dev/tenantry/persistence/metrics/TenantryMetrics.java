package dev.tenantry.persistence.metrics;

import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The figures operators watch, kept in memory by Tenantry and shown at the server's metrics endpoint:
 * on Payara through MicroProfile Metrics ({@code /metrics}), on WildFly through its Micrometer
 * subsystem's Prometheus registry (server-config's {@code wildfly/tenantry.cli} adds it at
 * {@code /prometheus} on the management port). Nothing has to be configured: Tenantry finds whichever
 * of the two the server serves at start-up. Counting costs one uncontended add; the servers read
 * the figures only when scraped.
 *
 * <p>Tenantry's own meters (Prometheus names in brackets):
 * <ul>
 * <li>{@value #ENTITY_LOADS} ({@code tenantry_entity_loads_total}, label {@code entity}): rows read into
 *     entities of each type extending {@code BaseEntity};</li>
 * <li>{@value #ENTITY_WRITES} ({@code tenantry_entity_writes_total}, labels {@code entity},
 *     {@code operation} = insert, update, delete): rows written, a soft delete counting as a delete;</li>
 * <li>{@value #AUDIT_ACTIVITIES} ({@code tenantry_audit_activities_total}): activity rows written;</li>
 * <li>{@value #DECRYPTION_FAILURES} ({@code tenantry_decryption_failures_total}): stored values the
 *     crypto module could not decrypt (changed, copied from another row or tenant, unknown key
 *     version, wrong Jasypt password); each also fails its read with {@code DecryptionFailedException};</li>
 * <li>{@value #STARTUP_PROBLEMS} ({@code tenantry_startup_problems}, label {@code check}): problems the
 *     start-up checks found, e.g. {@code check="row-security"} when the runtime role could bypass
 *     row-level security; anything above 0 deserves an alert;</li>
 * <li>{@value #JOB_DURATION} ({@code tenantry_job_duration_seconds_count} and {@code _sum}, labels
 *     {@code job}, {@code status} = succeeded, failed): every run of a job recorded in {@code job_runs};
 *     the count with {@code status="failed"} is the failures;</li>
 * <li>{@value #CONNECTION_ACQUIRE} ({@code tenantry_connection_acquire_seconds_count} and {@code _sum}):
 *     the time EclipseLink waited for a connection from the server's pool (units with row-level
 *     security, whose connector Tenantry wraps).</li>
 * </ul>
 *
 * <p>Applications may add their own meters here (they then appear beside Tenantry's): names are
 * lower-case dotted words, label names lower-case words with underscores; at most
 * {@value #MAX_METERS} meters exist, after which new ones are still handed out, counted, but not
 * shown (a label fed with unbounded values, such as ids, must not exhaust memory).
 */
public final class TenantryMetrics {

    /** Rows read into entities, label {@code entity}. */
    public static final String ENTITY_LOADS = "tenantry.entity.loads";
    /** Rows inserted, updated or (soft) deleted, labels {@code entity}, {@code operation}. */
    public static final String ENTITY_WRITES = "tenantry.entity.writes";
    /** Activity rows written by the audit module. */
    public static final String AUDIT_ACTIVITIES = "tenantry.audit.activities";
    /** Encrypted values that could not be decrypted. */
    public static final String DECRYPTION_FAILURES = "tenantry.decryption.failures";
    /** Problems found by the start-up checks, label {@code check}. */
    public static final String STARTUP_PROBLEMS = "tenantry.startup.problems";
    /** Durations of job runs, labels {@code job}, {@code status}. */
    public static final String JOB_DURATION = "tenantry.job.duration";
    /** Time spent waiting for a pooled connection. */
    public static final String CONNECTION_ACQUIRE = "tenantry.connection.acquire";

    /** The most meters kept; more are handed out but neither kept nor shown. */
    public static final int MAX_METERS = 5_000;

    private static final System.Logger LOG = System.getLogger(TenantryMetrics.class.getName());
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)*");
    private static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9_]*");
    private static final int MAX_LABEL_VALUE = 200;

    private static final Map<Key, Meter> METERS = new ConcurrentHashMap<>();
    private static final List<Consumer<Meter>> EXPORTS = new CopyOnWriteArrayList<>();
    private static boolean warnedFull;

    private TenantryMetrics() {
    }

    /**
     * @param name        a dotted lower-case name, e.g. {@code shop.orders.placed}
     * @param description one sentence for the metrics endpoint
     * @param labels      label names and values, alternating: {@code "entity", "Article"}
     * @return the counter of that name and labels, made on first use
     * @throws IllegalArgumentException for a malformed name or label, or a name already used by a
     *                                  meter of another kind
     */
    public static Counter counter(String name, String description, String... labels) {
        return meter(Counter.class, name, description, labels);
    }

    /**
     * @return the timer of that name and labels, made on first use
     * @see #counter(String, String, String...)
     */
    public static Timer timer(String name, String description, String... labels) {
        return meter(Timer.class, name, description, labels);
    }

    /**
     * @return the gauge of that name and labels, made on first use
     * @see #counter(String, String, String...)
     */
    public static Gauge gauge(String name, String description, String... labels) {
        return meter(Gauge.class, name, description, labels);
    }

    /** @return every meter kept, in no particular order */
    public static List<Meter> meters() {
        return List.copyOf(METERS.values());
    }

    /**
     * Hands every meter kept to {@code export}, now and as each new one is made: how a metrics
     * back-end registers them. Tenantry's start-up does this for the server's back-end.
     *
     * @param export registers one meter with a metrics back-end; must not block
     * @return closing it stops handing new meters to {@code export}
     */
    public static AutoCloseable export(Consumer<Meter> export) {
        synchronized (METERS) {
            EXPORTS.add(export);
            METERS.values().forEach(meter -> exportQuietly(export, meter));
        }
        return () -> EXPORTS.remove(export);
    }

    private static <M extends Meter> M meter(Class<M> kind, String name, String description, String... labels) {
        Key key = new Key(name, labelsOf(name, labels));
        Meter existing = METERS.get(key);
        if (existing == null) {
            existing = make(kind, key, description);
        }
        if (!kind.isInstance(existing)) {
            throw new IllegalArgumentException("Metric " + name + " is a " + existing.getClass().getSimpleName()
                    + ", not a " + kind.getSimpleName());
        }
        return kind.cast(existing);
    }

    private static Meter make(Class<? extends Meter> kind, Key key, String description) {
        if (!NAME.matcher(key.name).matches()) {
            throw new IllegalArgumentException("Metric name '" + key.name + "' is not lower-case dotted words"
                    + " (e.g. shop.orders.placed)");
        }
        String text = description == null || description.isBlank() ? key.name : description;
        synchronized (METERS) {
            Meter existing = METERS.get(key);
            if (existing != null) {
                return existing;
            }
            for (Meter other : METERS.values()) {
                if (other.name().equals(key.name) && !kind.isInstance(other)) {
                    throw new IllegalArgumentException("Metric " + key.name + " is a " + other.getClass().getSimpleName()
                            + ", not a " + kind.getSimpleName());
                }
            }
            Meter.Id id = new Meter.Id(key.name, text, key.labels);
            Meter made = kind == Counter.class ? new Counter(id) : kind == Timer.class ? new Timer(id) : new Gauge(id);
            if (METERS.size() >= MAX_METERS) {
                if (!warnedFull) {
                    warnedFull = true;
                    LOG.log(Level.WARNING, "Tenantry keeps at most " + MAX_METERS + " meters; " + key.name
                            + " and later new ones are not shown. A label probably takes unbounded values.");
                }
                return made;
            }
            METERS.put(key, made);
            EXPORTS.forEach(export -> exportQuietly(export, made));
            return made;
        }
    }

    private static void exportQuietly(Consumer<Meter> export, Meter meter) {
        try {
            export.accept(meter);
        } catch (RuntimeException e) {
            // a back-end refusing one meter must not fail the write or read being counted
            LOG.log(Level.WARNING, "Metric " + meter.name() + " could not be registered with the metrics back-end: "
                    + e.getClass().getName());
        }
    }

    private static Map<String, String> labelsOf(String name, String... labels) {
        if (labels.length == 0) {
            return Map.of();
        }
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("Metric " + name + ": labels come in name-value pairs, got "
                    + labels.length + " strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            String label = labels[i];
            String value = labels[i + 1];
            if (label == null || !LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("Metric " + name + ": label name '" + label
                        + "' is not a lower-case word (letters, digits, underscores)");
            }
            if (value == null || value.length() > MAX_LABEL_VALUE) {
                throw new IllegalArgumentException("Metric " + name + ": label " + label + " needs a value of at most "
                        + MAX_LABEL_VALUE + " characters");
            }
            if (map.put(label, value) != null) {
                throw new IllegalArgumentException("Metric " + name + ": label " + label + " given twice");
            }
        }
        return Collections.unmodifiableMap(map);
    }

    private record Key(String name, Map<String, String> labels) {
    }
}
