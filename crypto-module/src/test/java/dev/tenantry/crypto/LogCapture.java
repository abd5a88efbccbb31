package dev.tenantry.crypto;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * What {@code java.util.logging} records while attached (to the root logger or one logger), for tests
 * that check what a log line says and that none holds a secret. Thread-safe.
 */
final class LogCapture extends Handler {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    @Override
    public void publish(LogRecord r) {
        records.add(r);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    /** @return the records so far */
    List<LogRecord> records() {
        return records;
    }

    /** @return each record's level and message, then every exception of its thrown chain, a line each */
    String text() {
        StringBuilder text = new StringBuilder();
        for (LogRecord r : records) {
            text.append(r.getLevel()).append(' ').append(r.getMessage()).append('\n');
            for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                text.append(t).append('\n');
            }
        }
        return text.toString();
    }
}
