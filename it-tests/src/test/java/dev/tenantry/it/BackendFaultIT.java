package dev.tenantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.embedded.PostgresEndpoint;
import jakarta.json.Json;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults under load: a bounded write loop (creates of an audited tenant entity, 4 in parallel, each
 * with an Idempotency-Key and retried with it until it is answered) while a thread terminates the
 * application's database backends every half second. Every acknowledged write must be in the table
 * exactly once with exactly one Activity; every answer that was not 2xx must be settled by its retry.
 * Prints the 5xx count and the recovery time (figures, not timed assertions).
 */
@ExtendWith(ArquillianExtension.class)
class BackendFaultIT {

    private static final PostgresEndpoint DB = ServerSupport.database();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final int CREATES = Integer.getInteger("tenantry.fault.creates", 300);
    private static final int WRITERS = 4;
    private static final int MAX_ATTEMPTS = 40;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ServerSupport.exampleWar();
    }

    @Test
    void noAcknowledgedWriteIsLostOrDoubledWhileBackendsAreKilled() throws Exception {
        String org = "fault-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(send("POST", api("orgs"), null, null, "{\"name\":\"Fault\",\"slug\":\"" + org + "\"}").statusCode())
                .isEqualTo(201);
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Integer> statuses = new TreeMap<>();
        Map<Integer, String> acknowledged = new ConcurrentHashMap<>();   // create number -> project id
        AtomicInteger serverErrors = new AtomicInteger();
        AtomicInteger unanswered = new AtomicInteger();
        AtomicInteger kills = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger next = new AtomicInteger();

        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        Future<?> killer = pool.submit(() -> {
            while (writing.get()) {
                kills.addAndGet(terminateBackends());
                sleep(500);
            }
            return null;
        });
        long started = System.nanoTime();
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < CREATES; i = next.getAndIncrement()) {
                    String key = UUID.randomUUID().toString();
                    String body = "{\"name\":\"fault " + run + " " + i + "\"}";
                    for (int attempt = 1; ; attempt++) {
                        HttpResponse<String> r;
                        try {
                            r = send("POST", api("projects"), org, key, body);
                        } catch (IOException e) {
                            unanswered.incrementAndGet();
                            assertThat(attempt).as("create " + i + " unanswered too often").isLessThan(MAX_ATTEMPTS);
                            sleep(100);
                            continue;
                        }
                        synchronized (statuses) {
                            statuses.merge(Integer.toString(r.statusCode()), 1, Integer::sum);
                        }
                        if (r.statusCode() == 201) {
                            acknowledged.put(i, Json.createReader(new StringReader(r.body())).readObject().getString("id"));
                            break;
                        }
                        if (r.statusCode() >= 500) {
                            serverErrors.incrementAndGet();
                        }
                        String answer = "create " + i + ": " + r.statusCode() + " " + r.headers().map() + " " + r.body();
                        assertThat(r.statusCode()).as(answer).isIn(409, 503);
                        assertThat(r.headers().firstValue("Content-Type").orElse("")).as(answer)
                                .startsWith("application/problem+json");
                        assertThat(attempt).as("create " + i + " settled within " + MAX_ATTEMPTS + " attempts").isLessThan(MAX_ATTEMPTS);
                        sleep(100);
                    }
                }
                return null;
            }));
        }
        boolean written = false;
        try {
            for (Future<?> w : writers) {
                w.get(10, TimeUnit.MINUTES);
            }
            written = true;
        } finally {
            // a failed writer must not leave the killer (or the other writers) running into the next test classes
            writing.set(false);
            if (!written) {
                pool.shutdownNow();
            }
        }
        killer.get(1, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - started) / 1e9;
        // recovery: kill every backend once more, then time the first request answered normally
        terminateBackends();
        long killedAt = System.nanoTime();
        int firstStatus = 0;
        int recoveryRequests = 0;
        while (firstStatus != 200 && recoveryRequests < 200) {
            recoveryRequests++;
            try {
                firstStatus = send("GET", api("projects"), org, null, null).statusCode();
            } catch (IOException e) {
                firstStatus = 0;
            }
        }
        double recovery = (System.nanoTime() - killedAt) / 1e6;
        pool.shutdownNow();

        System.out.printf("[tenantry] backend faults on %s: %d creates in %.1f s, %d backends terminated, answers %s,"
                        + " %d server errors (5xx), %d unanswered; recovery after the last kill: %.0f ms (%d requests)%n",
                ServerSupport.onWildFly() ? "WildFly" : "Payara Micro", CREATES, seconds, kills.get(), statuses,
                serverErrors.get(), unanswered.get(), recovery, recoveryRequests);

        assertThat(acknowledged).hasSize(CREATES);
        assertThat(firstStatus).as("the server answers normally again").isEqualTo(200);
        // every acknowledged write exactly once, each with exactly one Activity; no other row of the run
        assertThat(sql("select count(*) from projects where name like 'fault " + run + " %'")).isEqualTo(Integer.toString(CREATES));
        assertThat(sql("select count(distinct name) from projects where name like 'fault " + run + " %'"))
                .isEqualTo(Integer.toString(CREATES));
        Set<String> ids = Set.copyOf(acknowledged.values());
        assertThat(ids).hasSize(CREATES);
        assertThat(sql("select count(*) from projects where id in ('" + String.join("','", ids) + "')"))
                .isEqualTo(Integer.toString(CREATES));
        assertThat(sql("select count(*) from activities where type = 'created' and entity_id in ('" + String.join("','", ids) + "')"))
                .as("exactly one Activity per committed row").isEqualTo(Integer.toString(CREATES));
        assertThat(sql("select count(*) from (select entity_id from activities where type = 'created' and entity_id in ('"
                + String.join("','", ids) + "') group by entity_id having count(*) > 1) doubled")).isEqualTo("0");
    }

    /** @return how many of the application's backends were terminated */
    private static int terminateBackends() throws SQLException {
        try (Connection c = DB.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity"
                     + " where datname = current_database() and usename = 'tenantry_app' and pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private HttpResponse<String> send(String method, URI uri, String tenant, String key, String json) throws IOException {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("alice:alice-pw".getBytes()));
        if (tenant != null) {
            r.header("X-Tenant", tenant);
        }
        if (key != null) {
            r.header("Idempotency-Key", key);
        }
        if (json != null) {
            r.header("Content-Type", "application/json");
        }
        r.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private URI api(String path) {
        return URI.create("http://127.0.0.1:" + base.getPort() + base.getPath() + (base.getPath().endsWith("/") ? "" : "/")
                + "api/" + path);
    }

    private static String sql(String query) throws SQLException {
        return ServerSupport.sql(query);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
