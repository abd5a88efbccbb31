package dev.tenantry.testing.arquillian;

import dev.tenantry.tenancy.internal.HeaderTenantResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Requests to a deployed application as a member of an organization, for client-side tests
 * ({@code @RunAsClient}, or {@code @Deployment(testable = false)}): signed in with HTTP Basic (or any
 * header the application's authentication reads) and naming the organization in Tenantry's
 * {@code X-Tenant} header (its id or slug), JSON in and out.
 *
 * <pre>{@code
 * @ArquillianResource
 * URL base;
 *
 * @Test
 * @RunAsClient
 * void aViewerCannotWrite() throws Exception {
 *     MemberRequests vera = MemberRequests.to(base).as("vera", "vera-password").in("acme");
 *     assertEquals(200, vera.get("api/orders").statusCode());
 *     assertEquals(403, vera.post("api/orders", "{\"reference\":\"V-1\"}").statusCode());
 *     assertEquals(404, MemberRequests.to(base).as("gina", "gina-password").in("acme").get("api/orders").statusCode());
 * }
 * }</pre>
 *
 * <p>Immutable: {@link #as}, {@link #in} and {@link #header} return a new instance, so one signed-in
 * member can be reused for several organizations. Responses are returned whatever their status;
 * a request the server does not answer within the timeout (30 s unless {@link #timeout} says
 * otherwise) throws.
 */
public final class MemberRequests {

    /** The header Tenantry's default tenant resolver reads: an organization's id or slug. */
    public static final String TENANT_HEADER = HeaderTenantResolver.HEADER;

    /** HTTP/1.1: no upgrade exchange in front of each first request (servers differ in how they take h2c). */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final URI base;
    private final Map<String, String> headers;
    private final Duration timeout;

    private MemberRequests(URI base, Map<String, String> headers, Duration timeout) {
        this.base = base;
        this.headers = Map.copyOf(headers);
        this.timeout = timeout;
    }

    /**
     * @param base the deployment's base URL (Arquillian's {@code @ArquillianResource URL}); relative
     *             paths are resolved against it
     * @return anonymous requests, in no organization
     */
    public static MemberRequests to(URL base) {
        Objects.requireNonNull(base, "base");
        try {
            return to(base.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a URI: " + base, e);
        }
    }

    /**
     * @param base the deployment's base URI; relative paths are resolved against it
     * @return anonymous requests, in no organization
     */
    public static MemberRequests to(URI base) {
        Objects.requireNonNull(base, "base");
        String text = base.toString();
        return new MemberRequests(text.endsWith("/") ? base : URI.create(text + "/"), Map.of(), Duration.ofSeconds(30));
    }

    /**
     * @param principal the member's user name
     * @param password  the password the application's identity store has for it
     * @return these requests signed in with HTTP Basic as {@code principal}
     */
    public MemberRequests as(String principal, String password) {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(password, "password");
        return header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((principal + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * @param organization an organization's id or slug, as {@code X-Tenant} takes it; {@code null} for none
     * @return these requests in that organization
     */
    public MemberRequests in(String organization) {
        return header(TENANT_HEADER, organization);
    }

    /**
     * @param name  a header the application reads (a bearer token, a correlation id…); it replaces
     *              the default of the same name ({@code Accept: application/json}, and
     *              {@code Content-Type: application/json} on a request with a body)
     * @param value its value; {@code null} removes it
     * @return these requests with that header
     */
    public MemberRequests header(String name, String value) {
        Objects.requireNonNull(name, "name");
        Map<String, String> next = new LinkedHashMap<>(headers);
        if (value == null) {
            next.remove(name);
        } else {
            next.put(name, value);
        }
        return new MemberRequests(base, next, timeout);
    }

    /**
     * @param limit how long a request may wait for its answer
     * @return these requests with that timeout
     */
    public MemberRequests timeout(Duration limit) {
        return new MemberRequests(base, headers, Objects.requireNonNull(limit, "limit"));
    }

    /** @return the response to {@code GET path} */
    public HttpResponse<String> get(String path) {
        return send("GET", path, null);
    }

    /** @return the response to {@code POST path} with the JSON body */
    public HttpResponse<String> post(String path, String json) {
        return send("POST", path, json);
    }

    /** @return the response to {@code PUT path} with the JSON body */
    public HttpResponse<String> put(String path, String json) {
        return send("PUT", path, json);
    }

    /** @return the response to {@code DELETE path} */
    public HttpResponse<String> delete(String path) {
        return send("DELETE", path, null);
    }

    /**
     * @param method an HTTP method
     * @param path   a path relative to the base (no leading "/"), or an absolute URI
     * @param json   the JSON body, or {@code null} for none
     * @return the response, whatever its status
     * @throws UncheckedIOException when the server does not answer
     */
    public HttpResponse<String> send(String method, String path, String json) {
        return send(method, base.resolve(Objects.requireNonNull(path, "path")), json);
    }

    /**
     * @param method an HTTP method
     * @param uri    where
     * @param json   the JSON body, or {@code null} for none
     * @return the response, whatever its status
     * @throws UncheckedIOException when the server does not answer
     */
    public HttpResponse<String> send(String method, URI uri, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::setHeader);   // replaces a default above (an export's Accept, a body's type)
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri + " got no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("Interrupted while waiting for " + method + " " + uri, e));
        }
    }
}
