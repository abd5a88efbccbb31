package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.metrics.Counter;
import dev.tenantry.persistence.metrics.Gauge;
import dev.tenantry.persistence.metrics.Meter;
import dev.tenantry.persistence.metrics.Timer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Registers meters with a Micrometer registry as function-backed meters that read them when
 * scraped. Loaded only where Micrometer is present.
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
        if (meter instanceof Counter counter) {
            FunctionCounter.builder(meter.name(), counter, Counter::count)
                    .description(meter.description()).tags(tags).register(registry);
        } else if (meter instanceof Timer timer) {
            FunctionTimer.builder(meter.name(), timer, Timer::count, Timer::totalSeconds, TimeUnit.SECONDS)
                    .description(meter.description()).tags(tags).register(registry);
        } else if (meter instanceof Gauge gauge) {
            io.micrometer.core.instrument.Gauge.builder(meter.name(), gauge, Gauge::value)
                    .description(meter.description()).tags(tags).register(registry);
        }
    }
}
