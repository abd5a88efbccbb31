package dev.tenantry.tenancy.internal;

import dev.tenantry.persistence.errors.ProblemDetailsMapper;
import dev.tenantry.persistence.errors.ProblemDetailsMapper.Problem;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code Idempotency-Key} header of unsafe requests for {@code @Idempotent} resources
 * (the key, a SHA-256 of method, path and body, the caller), refuses a malformed key with 400, and
 * marks replayed answers with {@code Idempotency-Replayed: true}.
 */
@Provider
@Priority(Priorities.USER)
public class IdempotencyFilter implements ContainerRequestFilter, ContainerResponseFilter {

    /** The request header. */
    public static final String HEADER = "Idempotency-Key";
    /** The HTTP methods whose requests carry a key to {@code @Idempotent} methods; others ignore it. */
    static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    @Inject
    IdempotentRequest idempotent;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        String key = request.getHeaderString(HEADER);
        if (key == null || !UNSAFE.contains(request.getMethod())) {
            return;
        }
        if (!KEY.matcher(key).matches()) {
            request.abortWith(ProblemDetailsMapper.response(request, new Problem(400, "bad-idempotency-key", "Bad idempotency key"),
                    "An Idempotency-Key is 1 to 255 visible ASCII characters; send a new random one (a UUID) per"
                            + " operation and the same one for its retries.", null));
            return;
        }
        byte[] body = request.hasEntity() ? request.getEntityStream().readAllBytes() : new byte[0];
        request.setEntityStream(new ByteArrayInputStream(body));
        String path = request.getUriInfo().getPath();
        String principal = request.getSecurityContext() == null || request.getSecurityContext().getUserPrincipal() == null
                ? null : request.getSecurityContext().getUserPrincipal().getName();
        idempotent.set(key, sha256(request.getMethod() + " " + path + "\n", body), request.getMethod(), path, principal);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        try {
            if (request.getHeaderString(HEADER) != null && idempotent.wasReplayed()) {
                response.getHeaders().putSingle("Idempotency-Replayed", "true");
            }
        } catch (RuntimeException noRequestScope) {
            // an answer written outside the request scope: nothing to mark
        }
    }

    private static String sha256(String head, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(head.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
