package dev.tenantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.embedded.PostgresEndpoint;
import java.net.URL;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Job runs and scheduled maintenance in a real server (Payara Micro, then WildFly), on the example
 * application configured with {@code tenantry.maintenance.every=PT2S} and
 * {@code tenantry.audit.retention=P365D}: start-up's migrations and seeds are recorded; a row of a
 * global soft-deletable entity (articles) and of a tenant one (projects, under row-level security)
 * deleted 40 days ago, and a 400-day-old activity, are removed by the scheduled jobs on the server's
 * managed executor, while younger ones stay; each run is recorded as succeeded. The server's metrics
 * endpoint (Payara: MicroProfile Metrics at {@code /metrics}; WildFly: Micrometer's Prometheus
 * registry at {@code /prometheus} on the management port) shows Tenantry's figures.
 */
@ExtendWith(ArquillianExtension.class)
class MaintenanceIT {

    private static final PostgresEndpoint DB = ServerSupport.database();
    private static final UUID ORG = UUID.randomUUID();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        WebArchive war = ServerSupport.exampleWar();
        war.delete("/WEB-INF/classes/META-INF/microprofile-config.properties");
        war.addAsResource(new StringAsset("tenantry.mode=demo\nresteasy.preferJacksonOverJsonB=false\n"
                + "tenantry.maintenance.every=PT2S\ntenantry.audit.retention=P365D\n"), "META-INF/microprofile-config.properties");
        return war;
    }

    @Test
    void startUpIsRecordedAndExpiredRowsAreRemovedOnSchedule() throws Exception {
        Instant before = Instant.now();
        assertThat(ServerSupport.sql("select count(*) from job_runs where job = 'tenantry.migrations' and status = 'SUCCEEDED'"))
                .isNotEqualTo("0");
        assertThat(ServerSupport.sql("select status || ' ' || rows_processed from job_runs where job = 'tenantry.seeds'"
                + " order by started_at desc limit 1")).matches("SUCCEEDED [1-9][0-9]*");

        UUID oldArticle = UUID.randomUUID();
        UUID youngArticle = UUID.randomUUID();
        execute("INSERT INTO organizations VALUES ('" + ORG + "', now(), now(), 1, NULL, 'Maintenance', 'm-" + ORG + "')");
        for (UUID article : new UUID[] {oldArticle, youngArticle}) {
            execute("INSERT INTO articles (id, created_at, updated_at, version, deleted_at, title, slug)"
                    + " VALUES ('" + article + "', now(), now(), 1, now() - interval '" + (article == oldArticle ? 40 : 2)
                    + " days', 'Old', 'old-" + article + "')");
        }
        execute("INSERT INTO projects (organization_id, id, created_at, updated_at, version, deleted_at, name) VALUES"
                + " ('" + ORG + "', gen_random_uuid(), now(), now(), 1, now() - interval '40 days', 'expired'),"
                + " ('" + ORG + "', gen_random_uuid(), now(), now(), 1, NULL, 'live')");
        execute("INSERT INTO activities (organization_id, id, created_at, updated_at, actor, type) VALUES"
                + " ('" + ORG + "', gen_random_uuid(), now() - interval '400 days', now(), 'x', 'it.ancient'),"
                + " ('" + ORG + "', gen_random_uuid(), now() - interval '2 days', now(), 'x', 'it.recent')");

        Instant giveUp = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(giveUp) && !(count("articles where id = '" + oldArticle + "'") == 0
                && count("projects where organization_id = '" + ORG + "' and name = 'expired'") == 0
                && count("activities where organization_id = '" + ORG + "' and type = 'it.ancient'") == 0)) {
            Thread.sleep(250);
        }
        assertThat(count("articles where id = '" + oldArticle + "'")).isZero();
        assertThat(count("articles where id = '" + youngArticle + "'")).isOne();
        assertThat(count("projects where organization_id = '" + ORG + "'")).isOne();
        assertThat(ServerSupport.sql("select string_agg(type || ' ' || actor, ',' order by type) from activities"
                + " where organization_id = '" + ORG + "'")).isEqualTo("activities.purged system:retention,it.recent x,purged system");   // the trail keeps both purges
        for (String job : new String[] {"tenantry.soft-delete-purge", "tenantry.activity-retention"}) {
            assertThat(count("job_runs where job = '" + job + "' and status = 'SUCCEEDED' and rows_processed > 0"
                    + " and finished_at > '" + before + "'")).as(job).isPositive();
            assertThat(count("job_runs where job = '" + job + "' and status = 'FAILED' and started_at > '" + before + "'"))
                    .as(job).isZero();
        }
        // never two runs of one job at once
        assertThat(count("job_runs a join job_runs b on a.job = b.job and a.id < b.id and a.job like 'tenantry.%-%'"
                + " and tstzrange(a.started_at, a.finished_at) && tstzrange(b.started_at, b.finished_at)")).isZero();
    }

    @Test
    void theServersMetricsEndpointShowsTenantrysFigures() throws Exception {
        String slug = "metrics-" + UUID.randomUUID();
        assertThat(DemoRequests.send("alice", "POST", api("orgs"), null, "{\"name\":\"Measured\",\"slug\":\"" + slug + "\"}")
                .statusCode()).isEqualTo(201);
        assertThat(DemoRequests.send("alice", "POST", api("projects"), slug, "{\"name\":\"Gauge\"}").statusCode())
                .isEqualTo(201);
        assertThat(DemoRequests.send("alice", "GET", api("projects"), slug, null).statusCode()).isEqualTo(200);

        String metrics = scrape();
        assertThat(value(metrics, "tenantry_entity_writes_total", "entity=\"Project\"", "operation=\"insert\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "tenantry_entity_loads_total", "entity=\"Project\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "tenantry_audit_activities_total")).isGreaterThanOrEqualTo(1);   // Project is @Audited
        assertThat(value(metrics, "tenantry_job_duration_seconds_count", "job=\"tenantry.migrations\"",
                "status=\"succeeded\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "tenantry_job_duration_seconds_sum", "job=\"tenantry.seeds\"",
                "status=\"succeeded\"")).isPositive();
        assertThat(value(metrics, "tenantry_connection_acquire_seconds_count")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "tenantry_startup_problems", "check=\"row-security\"")).isZero();
        assertThat(value(metrics, "tenantry_decryption_failures_total")).isZero();
        // counters count: the next write shows at the next scrape
        double inserts = value(metrics, "tenantry_entity_writes_total", "entity=\"Project\"", "operation=\"insert\"");
        assertThat(DemoRequests.send("alice", "POST", api("projects"), slug, "{\"name\":\"Second\"}").statusCode())
                .isEqualTo(201);
        assertThat(value(scrape(), "tenantry_entity_writes_total", "entity=\"Project\"", "operation=\"insert\""))
                .isEqualTo(inserts + 1);
        // no tenant's name, slug or id becomes a label
        assertThat(metrics).doesNotContain(slug).doesNotContain("Measured");
    }

    /** @return the server's metrics in Prometheus' text format: Payara's MicroProfile Metrics, WildFly's Micrometer */
    private String scrape() throws Exception {
        String root = base.toString().substring(0, base.toString().indexOf('/', "http://".length()));
        java.net.URI uri = ServerSupport.onWildFly() ? ServerSupport.wildFlyManagement("prometheus")
                : java.net.URI.create(root + "/metrics");
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(uri)
                .header("Accept", "text/plain").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(uri + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    /** @return the value of the one sample of {@code name} whose labels include {@code labels} */
    private static double value(String metrics, String name, String... labels) {
        var samples = metrics.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> java.util.Arrays.stream(labels).allMatch(line::contains)).toList();
        assertThat(samples).as(name + " " + java.util.Arrays.toString(labels) + " in\n" + metrics.lines()
                .filter(l -> l.startsWith("tenantry")).collect(java.util.stream.Collectors.joining("\n"))).hasSize(1);
        String sample = samples.get(0);
        return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
    }

    private java.net.URI api(String path) {
        String b = base.toString();
        return java.net.URI.create((b.endsWith("/") ? b : b + "/") + "api/" + path);
    }

    private static long count(String from) throws SQLException {
        return Long.parseLong(ServerSupport.sql("select count(*) from " + from));
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DB.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
