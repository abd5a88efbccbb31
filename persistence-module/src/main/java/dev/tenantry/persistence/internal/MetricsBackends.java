package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.metrics.TenantryMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import java.lang.System.Logger.Level;

/**
 * Hands {@link TenantryMetrics} to the metrics back-end the server serves: MicroProfile Metrics'
 * application registry (Payara) or the Micrometer {@code MeterRegistry} bean (WildFly's micrometer
 * subsystem), whichever is found first, looked up by class name so that neither API has to be
 * present. Without either the figures are still kept and readable through {@link TenantryMetrics}.
 */
@ApplicationScoped
public class MetricsBackends {

    private static final System.Logger LOG = System.getLogger(MetricsBackends.class.getName());
    static final String MICROPROFILE = "org.eclipse.microprofile.metrics.MetricRegistry";
    static final String MICROMETER = "io.micrometer.core.instrument.MeterRegistry";

    private AutoCloseable export;

    /** Attaches the server's back-end, once. Public for the same reason as {@link TenantryRuntime#start()}. */
    public synchronized void start() {
        if (export != null) {
            return;
        }
        Object microProfile = microProfileRegistry();
        Object micrometer = microProfile == null ? bean(MICROMETER) : null;
        if (microProfile == null && micrometer == null) {
            LOG.log(Level.INFO, "Tenantry metrics: the server serves neither MicroProfile Metrics nor a Micrometer"
                    + " MeterRegistry bean; the figures are kept in memory only (TenantryMetrics.meters())");
            export = () -> { };
            return;
        }
        export = TenantryMetrics.export(microProfile != null ? MicroProfileMetrics.of(microProfile)
                : MicrometerMetrics.of(micrometer));
        LOG.log(Level.INFO, "Tenantry metrics exported through "
                + (microProfile != null ? "MicroProfile Metrics" : "Micrometer"));
    }

    /** Stops handing new meters to the back-end (the deployment is going away). */
    @PreDestroy
    public synchronized void stop() {
        if (export != null) {
            try {
                export.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "Metrics export not closed: " + e.getClass().getName());
            }
            export = null;
        }
    }

    private static Class<?> load(String type) {
        for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                MetricsBackends.class.getClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try {
                return Class.forName(type, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // not served here
            }
        }
        return null;
    }

    private static Object microProfileRegistry() {
        if (load(MICROPROFILE) == null) {
            return null;   // MicroProfileMetrics would not load
        }
        try {
            Object registry = MicroProfileMetrics.applicationRegistry();
            return registry != null ? registry : bean(MICROPROFILE);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.DEBUG, "No MicroProfile Metrics application registry: " + e.getClass().getName());
            return null;
        }
    }

    private static Object bean(String type) {
        Class<?> api = load(type);
        if (api == null) {
            return null;
        }
        try {
            var beans = CDI.current().select(api);
            return beans.isResolvable() ? beans.get() : null;
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.DEBUG, "No " + type + " bean: " + e.getClass().getName());
            return null;
        }
    }
}
