package dev.tenantry.persistence.web;

import dev.tenantry.persistence.PersistenceSettings;
import dev.tenantry.persistence.internal.Config;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies larger than {@link PersistenceSettings#MAX_BODY_BYTES} (default 1 MiB) with
 * 413, before a resource or a JSON reader buffers them: by {@code Content-Length} when the client
 * sends one, else while the body is read (chunked requests; the rest of such a body is read and
 * dropped, up to 8 MiB, so that the client gets the answer). Applies to every JAX-RS resource of an
 * application that includes Tenantry; {@code 0} turns it off. Thread-safe.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class RequestBodyLimit implements ContainerRequestFilter {

    private final long limit = Long.parseLong(Config.get(PersistenceSettings.MAX_BODY_BYTES,
            Long.toString(PersistenceSettings.DEFAULT_MAX_BODY_BYTES)));

    @Override
    public void filter(ContainerRequestContext request) {
        if (limit <= 0 || !request.hasEntity()) {
            return;
        }
        if (request.getLength() > limit) {
            // read and drop a moderately oversized body first, as below: some containers (Grizzly) stop
            // reading once the handler answers, and a client still writing the body never reads the 413
            if (request.getLength() <= limit + Limited.DRAIN_BYTES) {
                try {
                    request.getEntityStream().transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException clientGone) {
                    // nothing to drain any more
                }
            }
            throw new PayloadTooLargeException(limit);
        }
        request.setEntityStream(new Limited(request.getEntityStream(), limit));
    }

    /** Counts what is read and fails past the limit. */
    private static final class Limited extends FilterInputStream {

        static final long DRAIN_BYTES = 8L * 1024 * 1024;
        private final long limit;
        private long read;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > limit) {
                drain();
                throw new PayloadTooLargeException(limit);
            }
        }

        /**
         * Reads and drops what the client still sends, up to {@value #DRAIN_BYTES} bytes: some
         * containers (Grizzly) stop reading a request whose handler gave up, and a client still
         * writing the body then never reads the 413. Beyond that the client is left to its timeout.
         */
        private void drain() throws IOException {
            byte[] sink = new byte[8192];
            long drained = 0;
            int n;
            while (drained < DRAIN_BYTES && (n = in.read(sink)) > 0) {
                drained += n;
            }
        }
    }
}
