package dev.tenantry.persistence.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.persistence.PersistenceSettings;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import org.junit.jupiter.api.Test;

/**
 * The limit on a body without Content-Length (chunked), below the HTTP layer: reading past the limit
 * fails with 413 after the rest of the body was drained (bounded), so a client still writing it
 * can read the answer. (Over HTTP, HostileInputIT sends large bodies with Content-Length.)
 */
class RequestBodyLimitTest {

    @Test
    void readingPastTheLimitIs413AndDrainsTheRest() throws Exception {
        int limit = 1000;
        CountingStream body = new CountingStream(new byte[5000]);
        InputStream limited = limited(body, limit);

        assertThat(limited.read(new byte[600])).isEqualTo(600);
        assertThatThrownBy(() -> limited.readAllBytes()).isInstanceOf(PayloadTooLargeException.class)
                .satisfies(e -> assertThat(((PayloadTooLargeException) e).getResponse().getStatus()).isEqualTo(413));
        assertThat(body.read).as("the rest was drained").isEqualTo(5000);
        assertThat(PersistenceSettings.DEFAULT_MAX_BODY_BYTES).isEqualTo(1_048_576);
    }

    @Test
    void aBodyWithinTheLimitReadsWhole() throws Exception {
        assertThat(limited(new CountingStream(new byte[1000]), 1000).readAllBytes()).hasSize(1000);
    }

    private static InputStream limited(InputStream in, long limit) throws ReflectiveOperationException {
        Class<?> type = Class.forName(RequestBodyLimit.class.getName() + "$Limited");
        Constructor<?> c = type.getDeclaredConstructor(InputStream.class, long.class);
        c.setAccessible(true);
        return (InputStream) c.newInstance(in, limit);
    }

    private static final class CountingStream extends ByteArrayInputStream {
        int read;

        CountingStream(byte[] b) {
            super(b);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            read += Math.max(n, 0);
            return n;
        }

        @Override
        public synchronized int read() {
            int n = super.read();
            read += n >= 0 ? 1 : 0;
            return n;
        }
    }
}
