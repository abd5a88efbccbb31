package dev.tenantry.persistence.errors;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import org.junit.jupiter.api.Test;

/** A database outage logs a line now and then, not a stack trace per request; nothing of it is lost or leaks. */
class OutageLogTest {

    /** What a System.Logger was asked to log, by level. */
    private static final class Recorder implements System.Logger {
        final List<String> warnings = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger debugTraces = new AtomicInteger();

        @Override
        public String getName() {
            return "recorder";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (level == Level.WARNING) {
                warnings.add(msg);
            } else if (level == Level.DEBUG && thrown != null) {
                debugTraces.incrementAndGet();
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            log(level, bundle, format, (Throwable) null);
        }
    }

    @Test
    void manyFailuresAtOnceWriteOneWarningAndEveryTraceAtDebug() throws Exception {
        OutageLog outages = new OutageLog(TimeUnit.HOURS.toNanos(1));
        Recorder log = new Recorder();
        int threads = 8;
        int each = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger wrote = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    if (outages.log(log, "down", new SQLException("gone", "08006"))) {
                        wrote.incrementAndGet();
                    }
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        assertThat(wrote.get()).isEqualTo(1);
        assertThat(log.warnings).containsExactly("down");
        assertThat(log.debugTraces.get()).isEqualTo(threads * each);
    }

    @Test
    void theNextLineAfterTheIntervalCountsWhatWasNotLogged() throws Exception {
        long interval = TimeUnit.MILLISECONDS.toNanos(200);
        OutageLog outages = new OutageLog(interval);
        Recorder log = new Recorder();
        for (int i = 0; i < 5; i++) {
            outages.log(log, "down", null);
        }
        assertThat(log.warnings).containsExactly("down");
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(interval) + 50);
        outages.log(log, "down again", null);
        assertThat(log.warnings).containsExactly("down", "down again (and 4 more like it since the last such line)");
        outages.log(log, "down", null);
        assertThat(log.warnings).hasSize(2);
    }

    @Test
    void theMapperLogsAnOutageNeverAtErrorAndWithoutTheDriversMessage() {
        Logger jul = Logger.getLogger(ProblemDetailsMapper.class.getName());
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        StreamHandler capture = new StreamHandler(lines, new Formatter() {
            @Override
            public String format(LogRecord r) {     // level | message | whether a trace came with it
                return r.getLevel() + "|" + r.getMessage() + "|" + (r.getThrown() != null) + "\n";
            }
        });
        capture.setLevel(java.util.logging.Level.ALL);
        java.util.logging.Level before = jul.getLevel();
        jul.setLevel(java.util.logging.Level.ALL);
        jul.addHandler(capture);
        try {
            ProblemDetailsMapper mapper = new ProblemDetailsMapper();
            Supplier<Throwable> outage = () -> new PersistenceException(new SQLException(
                    "FATAL: password authentication failed for user \"s3cr3t-user\"", "08004"));
            for (int i = 0; i < 50; i++) {
                Response r = mapper.toResponse(outage.get());
                assertThat(r.getStatus()).isEqualTo(503);
            }
        } finally {
            jul.removeHandler(capture);
            jul.setLevel(before);
            capture.flush();
        }
        List<String> logged = lines.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(logged).noneMatch(l -> l.startsWith("SEVERE|"));
        // one line at most in any ten seconds (none when an earlier test of this JVM logged one just now)
        List<String> warnings = logged.stream().filter(l -> l.startsWith("WARNING|")).toList();
        assertThat(warnings).hasSizeLessThanOrEqualTo(1);
        warnings.forEach(w -> assertThat(w).contains("database-unavailable").contains("SQLState 08004").doesNotContain("s3cr3t"));
        assertThat(logged.stream().filter(l -> l.startsWith("FINE|") && l.endsWith("|true"))).hasSize(50);
    }
}
