package dev.tenantry.it;

import dev.tenantry.testing.arquillian.MemberRequests;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Requests to the example application as its demo users do them (password {@code <name>-pw}), JSON in
 * and out, through the kit's {@link MemberRequests}.
 */
final class DemoRequests {

    private DemoRequests() {
    }

    /**
     * @param user   a demo user, or null for an anonymous request
     * @param method HTTP method
     * @param uri    where
     * @param tenant the {@code X-Tenant} header, or null
     * @param json   the body, or null
     * @return the response
     */
    static HttpResponse<String> send(String user, String method, URI uri, String tenant, String json) {
        return as(uri, user).in(tenant).send(method, uri, json);
    }

    /**
     * @param base the application's base URI
     * @param user a demo user, or null
     * @return the kit's requests signed in as that user (as an application's own tests send them)
     */
    static MemberRequests as(URI base, String user) {
        MemberRequests anonymous = MemberRequests.to(base);
        return user == null ? anonymous : anonymous.as(user, user + "-pw");
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
