package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.metrics.Counter;
import dev.tenantry.persistence.metrics.Gauge;
import dev.tenantry.persistence.metrics.Meter;
import dev.tenantry.persistence.metrics.Timer;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.util.AnnotationLiteral;
import java.util.function.Consumer;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryType;

/**
 * Registers meters with a MicroProfile Metrics registry as gauges that read them when scraped:
 * MicroProfile Metrics 5 has no counter backed by a function. Names take Prometheus' shape here,
 * as Micrometer's Prometheus registry gives them on WildFly, so that both servers show the same
 * names: a counter {@code a.b} is {@code a_b_total}, a timer {@code a.b} is
 * {@code a_b_seconds_count} and {@code a_b_seconds_sum}. Loaded only where the API is present.
 */
final class MicroProfileMetrics {

    private MicroProfileMetrics() {
    }

    /**
     * @return the application registry, or {@code null} when CDI has none: asked for by its
     *         {@code @RegistryType} qualifier, because Payara's {@code @Default} producer needs an
     *         injection point, which a programmatic lookup does not have
     */
    static Object applicationRegistry() {
        var beans = CDI.current().select(MetricRegistry.class, new Application());
        return beans.isResolvable() ? beans.get() : null;
    }

    static Consumer<Meter> of(Object registry) {
        MetricRegistry metrics = (MetricRegistry) registry;
        return meter -> register(metrics, meter);
    }

    private static void register(MetricRegistry registry, Meter meter) {
        Tag[] tags = meter.labels().entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toArray(Tag[]::new);
        String base = meter.name().replace('.', '_');
        if (meter instanceof Counter counter) {
            registry.gauge(metadata(base + "_total", meter), counter, Counter::count, tags);
        } else if (meter instanceof Timer timer) {
            registry.gauge(metadata(base + "_seconds_count", meter), timer, Timer::count, tags);
            registry.gauge(metadata(base + "_seconds_sum", meter), timer, Timer::totalSeconds, tags);
        } else if (meter instanceof Gauge gauge) {
            registry.gauge(metadata(base, meter), gauge, Gauge::value, tags);
        }
    }

    @SuppressWarnings("deprecation")   // RegistryType is what Payara's producers are qualified with
    private static final class Application extends AnnotationLiteral<RegistryType> implements RegistryType {
        private static final long serialVersionUID = 1L;

        @Override
        public MetricRegistry.Type type() {
            return MetricRegistry.Type.APPLICATION;
        }
    }

    private static Metadata metadata(String name, Meter meter) {
        return Metadata.builder().withName(name).withDescription(meter.description()).build();
    }
}
