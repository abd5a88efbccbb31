package dev.tenantry.testing.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link MemberRequests} puts on the wire, seen by a real HTTP server (the JDK's). */
class MemberRequestsTest {

    private record Seen(String method, String path, String authorization, String tenant, String contentType, String body,
                        List<String> accept) {
    }

    private HttpServer server;
    private final List<Seen> seen = new ArrayList<>();
    private URL base;

    @BeforeEach
    void server() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/app/", this::answer);
        server.createContext("/slow/", exchange -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange);
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/app").toURL();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        synchronized (seen) {
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("X-Tenant"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body, exchange.getRequestHeaders().get("Accept")));
        }
        byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 201 : 200, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @Test
    void aMemberIsSignedInWithBasicAndNamesTheOrganizationInXTenant() {
        MemberRequests alice = MemberRequests.to(base).as("alice", "pw:with:colons").in("acme");
        HttpResponse<String> created = alice.post("api/orders", "{\"reference\":\"A-1\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).isEqualTo("{\"ok\":true}");

        Seen request = seen.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/app/api/orders");   // the base without its "/" still holds the path
        assertThat(request.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("alice:pw:with:colons".getBytes(StandardCharsets.UTF_8)));
        assertThat(request.tenant()).isEqualTo("acme");
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(request.body()).isEqualTo("{\"reference\":\"A-1\"}");
    }

    @Test
    void eachChangeIsANewInstanceSoOneMemberServesSeveralOrganizations() {
        MemberRequests alice = MemberRequests.to(base).as("alice", "pw");
        alice.in("acme").get("api/orders");
        alice.in("globex").delete("api/orders/1");
        alice.get("api/me");
        alice.in("acme").in(null).put("api/me", "{}");
        MemberRequests.to(base).get("api/public");

        assertThat(seen).extracting(Seen::method).containsExactly("GET", "DELETE", "GET", "PUT", "GET");
        assertThat(seen).extracting(Seen::tenant).containsExactly("acme", "globex", null, null, null);
        assertThat(seen).extracting(s -> s.authorization() != null).containsExactly(true, true, true, true, false);
        assertThat(seen.get(0).contentType()).as("no body, no content type").isNull();
    }

    @Test
    void otherAuthenticationTravelsAsAHeaderAndAbsoluteUrisAreKept() {
        MemberRequests withToken = MemberRequests.to(base).header("Authorization", "Bearer t0k3n").in("acme");
        withToken.send("PATCH", URI.create(base + "/api/orders/1"), "{\"note\":\"x\"}");
        assertThat(seen.get(0).authorization()).isEqualTo("Bearer t0k3n");
        assertThat(seen.get(0).method()).isEqualTo("PATCH");
        assertThat(seen.get(0).path()).isEqualTo("/app/api/orders/1");
        withToken.header("Authorization", null).get("api/orders");
        assertThat(seen.get(1).authorization()).isNull();
    }

    @Test
    void aHeaderOfTheCallersReplacesTheDefaultOfTheSameName() {
        MemberRequests.to(base).as("alice", "pw").get("api/orders");
        MemberRequests.to(base).as("alice", "pw").header("Accept", "application/x-ndjson").get("api/export");
        assertThat(seen.get(0).accept()).containsExactly("application/json");
        assertThat(seen.get(1).accept()).as("one Accept, the caller's").containsExactly("application/x-ndjson");
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsAnError() throws Exception {
        URL slow = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/slow/").toURL();
        assertThatThrownBy(() -> MemberRequests.to(slow).timeout(Duration.ofMillis(200)).get("x"))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("GET").hasMessageContaining("no answer");
    }
}
