package dev.tenantry.persistence.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TenantryMetricsTest {

    @Test
    void aCounterIsOneInstancePerNameAndLabelsAndOnlyGrows() {
        Counter a = TenantryMetrics.counter("test.counted", "counted", "entity", "A");
        Counter again = TenantryMetrics.counter("test.counted", "counted", "entity", "A");
        Counter b = TenantryMetrics.counter("test.counted", "counted", "entity", "B");
        a.increment();
        again.add(2);
        assertThat(again).isSameAs(a);
        assertThat(a.count()).isEqualTo(3);
        assertThat(b.count()).isZero();
        assertThat(a.labels()).isEqualTo(Map.of("entity", "A"));
        assertThatThrownBy(() -> a.add(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only grows");
        assertThat(a.count()).isEqualTo(3);
    }

    @Test
    void countsFromManyThreadsAreNotLost() throws Exception {
        Counter counter = TenantryMetrics.counter("test.concurrent", "concurrent");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.submit(() -> {
                for (int i = 0; i < 25_000; i++) {
                    TenantryMetrics.counter("test.concurrent", "concurrent").increment();
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(counter.count()).isEqualTo(100_000);
    }

    @Test
    void aTimerSumsDurationsAndAGaugeHoldsTheLastValue() {
        Timer timer = TenantryMetrics.timer("test.timed", "timed", "job", "x");
        timer.record(Duration.ofMillis(1500));
        timer.record(500_000_000L);
        timer.record(-5);
        assertThat(timer.count()).isEqualTo(3);
        assertThat(timer.totalSeconds()).isEqualTo(2.0);

        Gauge gauge = TenantryMetrics.gauge("test.gauged", "gauged");
        gauge.set(4);
        gauge.set(0);
        assertThat(gauge.value()).isZero();
    }

    @Test
    void malformedNamesLabelsAndKindsAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> TenantryMetrics.counter("Test Counted", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower-case dotted");
        assertThatThrownBy(() -> TenantryMetrics.counter("test.pairs", "x", "entity"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name-value pairs");
        assertThatThrownBy(() -> TenantryMetrics.counter("test.pairs", "x", "Entity Name", "A"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label name");
        assertThatThrownBy(() -> TenantryMetrics.counter("test.pairs", "x", "entity", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> TenantryMetrics.counter("test.pairs", "x", "entity", "a".repeat(201)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 200");
        assertThatThrownBy(() -> TenantryMetrics.counter("test.pairs", "x", "entity", "A", "entity", "B"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("given twice");
        TenantryMetrics.counter("test.kind", "x", "entity", "A");
        assertThatThrownBy(() -> TenantryMetrics.timer("test.kind", "x", "entity", "A"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a Counter, not a Timer");
        assertThatThrownBy(() -> TenantryMetrics.gauge("test.kind", "x", "entity", "B"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a Counter, not a Gauge");
    }

    @Test
    void anExportGetsTheMetersKeptAndEachNewOneUntilClosed() throws Exception {
        Counter before = TenantryMetrics.counter("test.exported.before", "before");
        List<Meter> exported = new ArrayList<>();
        AutoCloseable export = TenantryMetrics.export(exported::add);
        assertThat(exported).contains(before).hasSameSizeAs(TenantryMetrics.meters());

        Timer made = TenantryMetrics.timer("test.exported.after", "after");
        TenantryMetrics.timer("test.exported.after", "after");   // not new: not handed again
        assertThat(exported).containsOnlyOnce(made);

        export.close();
        Gauge later = TenantryMetrics.gauge("test.exported.closed", "closed");
        assertThat(exported).doesNotContain(later);
    }

    @Test
    void anExportThatFailsDoesNotFailTheCountingCode() throws Exception {
        try (AutoCloseable failing = TenantryMetrics.export(meter -> {
            throw new IllegalStateException("back-end refuses " + meter.name());
        })) {
            Counter counter = TenantryMetrics.counter("test.refused.by.backend", "refused");
            counter.increment();
            assertThat(counter.count()).isEqualTo(1);
        }
    }
}
