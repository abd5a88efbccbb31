package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.metrics.Counter;
import dev.tenantry.persistence.metrics.Gauge;
import dev.tenantry.persistence.metrics.Meter;
import dev.tenantry.persistence.metrics.Timer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Registers meters with a Micrometer registry as function-backed meters that read them when
 * scraped (without their descriptions: the methods that forward to WildFly's server registries take
 * none). Loaded only where Micrometer is present.
 */
final class MicrometerMetrics {

    private MicrometerMetrics() {
    }

    static Consumer<Meter> of(Object registry) {
        MeterRegistry meters = (MeterRegistry) registry;
        return meter -> register(meters, meter);
    }

    private static void register(MeterRegistry registry, Meter meter) {
        Tags tags = Tags.empty();
        for (var label : meter.labels().entrySet()) {
            tags = tags.and(label.getKey(), label.getValue());
        }
        // the name-and-tags methods, not the builders: WildFly's per-deployment registry forwards only
        // these to the server's registries (its builders' meters would stay in the deployment's own)
        if (meter instanceof Counter counter) {
            registry.more().counter(meter.name(), tags, counter, Counter::count);
        } else if (meter instanceof Timer timer) {
            registry.more().timer(meter.name(), tags, timer, Timer::count, Timer::totalSeconds, TimeUnit.SECONDS);
        } else if (meter instanceof Gauge gauge) {
            registry.gauge(meter.name(), tags, gauge, Gauge::value);
        }
    }
}
