package dev.tenantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

/**
 * Requests to the notes resources of the EAR and thin-WAR deployments ({@code ear.web.EarResource},
 * each must answer 200; {@code thin.TenantNotesResource}), plain text in and out.
 */
final class NoteRequests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private NoteRequests() {
    }

    /**
     * @param module the web module's base URL, ending in "/"
     * @return the answer, "added"
     */
    static String add(String module, UUID tenant, String text) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(module + "api/notes?tenant=" + tenant))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(text)).build());
    }

    /**
     * @param module    the web module's base URL, ending in "/"
     * @param nativeSql read with native SQL (row-level security the only filter)
     * @return the tenant's notes, one per line
     */
    static String list(String module, UUID tenant, boolean nativeSql) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(module + "api/notes?tenant=" + tenant + "&native=" + nativeSql))
                .GET().build());
    }

    /**
     * The notes resource of the thin WAR's {@code @TenantScoped} resource, as a user signs in.
     *
     * @param module the web module's base URL, ending in "/"
     * @param user   a user of {@code thin.ThinUsers} (password "&lt;name&gt;-pw"), or null for none
     * @param tenant the {@code X-Tenant} header, or null for none
     * @return the answer, whatever its status
     */
    static HttpResponse<String> tenantNotes(String module, String user, String tenant) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(module + "api/tenant-notes")).GET();
        DemoRequests.signIn(request, user, tenant);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", request.uri(), response.body()).isEqualTo(200);
        return response.body();
    }
}
