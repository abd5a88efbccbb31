package dev.tenantry.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Requests to the example application as its demo users do them (password {@code <name>-pw}), JSON in and out. */
final class DemoRequests {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DemoRequests() {
    }

    /**
     * @param user   a demo user, or null for an anonymous request
     * @param method HTTP method
     * @param uri    where
     * @param tenant the {@code X-Tenant} header, or null
     * @param json   the body, or null
     * @return the response
     * @throws IOException          when the server does not answer
     * @throws InterruptedException when interrupted
     */
    static HttpResponse<String> send(String user, String method, URI uri, String tenant, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        signIn(request, user, tenant);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Adds the headers of a signed-in user of the demo and test applications and of a tenant.
     *
     * @param request the request
     * @param user    a user whose password is "&lt;name&gt;-pw" (HTTP BASIC), or null for none
     * @param tenant  the {@code X-Tenant} header, or null for none
     */
    static void signIn(HttpRequest.Builder request, String user, String tenant) {
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + user + "-pw").getBytes(StandardCharsets.UTF_8)));
        }
        if (tenant != null) {
            request.header("X-Tenant", tenant);
        }
    }
}
