package dev.tenantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.embedded.PostgresEndpoint;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example application as an attacker sees it, on Payara Micro and on WildFly: a corpus of
 * hostile requests against every endpoint, each of which must be refused as a 4xx
 * {@code application/problem+json} that names no SQL, stack frame, class or product, and writes
 * nothing; and concurrent updates of one row, each either applied (and audited once) or a 409.
 */
@ExtendWith(ArquillianExtension.class)
class HostileInputIT {

    private static final PostgresEndpoint DB = ServerSupport.database();
    // HTTP/1.1: over plain http the JDK client otherwise tries an h2c upgrade, which Undertow resets for requests with bodies
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> LEAKS = List.of("Exception", "java.", "jakarta.", "javax.", "org.", "com.",
            "dev.tenantry", "SELECT", "INSERT", "UPDATE ", "DELETE FROM", "Payara", "WildFly", "Undertow", "Grizzly",
            "EclipseLink", "RESTEASY", "Jersey", "Yasson", "<html", "<HTML", "\tat ", "tok_", "GOD");
    /** A probe's "user" that starts with this sends the rest as its Authorization header, as it is. */
    private static final String RAW = "Authorization: ";
    /** The tables a refused request must leave as they were. */
    private static final List<String> TABLES = List.of("articles", "projects", "stories", "connector_credentials",
            "organizations", "memberships", "activities", "app_settings");

    @ArquillianResource
    URL base;

    private String org;
    private UUID project;
    private UUID article;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ServerSupport.exampleWar();
    }

    @BeforeEach
    void anOrganizationWithAProjectAndAnArticle() throws Exception {
        org = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(send("alice", "POST", api("orgs"), null, json("{\"name\":\"Hostile\",\"slug\":\"" + org + "\"}"))
                .statusCode()).isEqualTo(201);
        HttpResponse<String> p = send("alice", "POST", api("projects"), org, json("{\"name\":\"Target\"}"));
        assertThat(p.statusCode()).isEqualTo(201);
        project = UUID.fromString(parse(p.body()).getString("id"));
        HttpResponse<String> a = send(null, "POST", api("articles"), null,
                json("{\"title\":\"Target\",\"slug\":\"t-" + UUID.randomUUID() + "\",\"body\":\"b\"}"));
        assertThat(a.statusCode()).isEqualTo(201);
        article = UUID.fromString(parse(a.body()).getString("id"));
    }

    @Test
    void everyHostileRequestIsARefusedProblemThatLeaksNothingAndWritesNothing() throws Exception {
        List<Probe> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(300);
        Map<String, Long> before = counts();
        Map<String, Integer> byStatus = new TreeMap<>();
        int containerRefusals = 0;
        List<String> failures = new ArrayList<>();
        for (Probe probe : corpus) {
            HttpResponse<String> r;
            try {
                r = probe.send();
            } catch (java.io.IOException e) {
                failures.add(probe + " -> no answer: " + e);
                continue;
            }
            byStatus.merge(Integer.toString(r.statusCode()), 1, Integer::sum);
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (r.statusCode() < 400 || r.statusCode() > 499) {
                failures.add(probe + " -> " + r.statusCode() + " " + abbreviate(r.body()));
            } else if (!type.startsWith("application/problem+json") && probe.containerRefusal()) {
                containerRefusals++;
                for (String leak : LEAKS) {
                    if (r.body().contains(leak) && !leak.equals("<html")) {
                        failures.add(probe + " -> container page leaks '" + leak + "': " + abbreviate(r.body()));
                    }
                }
            } else if (!type.startsWith("application/problem+json")) {
                failures.add(probe + " -> " + r.statusCode() + " as " + type + ": " + abbreviate(r.body()));
            } else {
                for (String leak : LEAKS) {
                    if (r.body().contains(leak)) {
                        failures.add(probe + " -> " + r.statusCode() + " leaks '" + leak + "': " + abbreviate(r.body()));
                    }
                }
                // the id a client quotes to support is the one in the logs and the audit trail: header = body
                r.headers().firstValue("X-Request-Id").filter(id -> !r.body().contains("\"correlationId\":\"" + id + "\""))
                        .ifPresent(id -> failures.add(probe + " -> X-Request-Id " + id + " but " + abbreviate(r.body())));
            }
        }
        System.out.println("[tenantry] hostile corpus on " + (ServerSupport.onWildFly() ? "WildFly" : "Payara Micro")
                + ": " + corpus.size() + " requests, statuses " + byStatus + ", " + containerRefusals
                + " refused by the container before the application (no problem body possible)");
        assertThat(failures).as("requests not answered as a leak-free 4xx problem").isEmpty();
        assertThat(counts()).as("rows after the corpus").isEqualTo(before);
        assertThat(send(null, "GET", api("articles?size=1"), null, null).statusCode()).as("still serving").isEqualTo(200);
        assertThat(send("alice", "GET", api("projects"), org, null).statusCode()).isEqualTo(200);
        HttpResponse<String> malformed = new Probe(RAW + "Basic !!!", "GET", api("projects"), org, null, null).send();
        assertThat(malformed.statusCode()).isEqualTo(401);
        assertThat(malformed.body()).contains("urn:tenantry:problem:unauthenticated");
        // one correlation id per request, whoever refuses it (a filter, an exception mapper) and whatever the client sent
        for (String given : java.util.Arrays.asList(null, "plain-1", "a:b", "has space", "x".repeat(101), "semi;colon")) {
            for (String[] refused : List.of(new String[] {"projects", null}, new String[] {"projects", "no-such-org"},
                    new String[] {"articles/" + UUID.randomUUID(), null}, new String[] {"projects/" + UUID.randomUUID() + "/activities", org})) {
                HttpRequest.Builder b = HttpRequest.newBuilder(api(refused[0])).timeout(Duration.ofSeconds(15));
                DemoRequests.signIn(b, "alice", refused[1]);
                if (given != null) {
                    b.header("X-Request-Id", given);
                }
                HttpResponse<String> r = HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
                String id = r.headers().firstValue("X-Request-Id").orElse("");
                assertThat(r.statusCode()).as(refused[0]).isBetween(400, 404);
                assertThat(parse(r.body()).getString("correlationId", "")).as(refused[0] + " given " + given).isEqualTo(id);
                if (given != null && given.matches("[A-Za-z0-9._:-]{1,100}")) {
                    assertThat(id).isEqualTo(given);
                } else {
                    assertThat(id).matches("[0-9a-f-]{36}");
                }
            }
        }
        // a compressed body that nothing in the application decodes: 415 asking for identity, nothing written
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream zip = new java.util.zip.GZIPOutputStream(zipped)) {
            zip.write(json("{\"title\":\"Zipped\",\"slug\":\"zipped-" + UUID.randomUUID() + "\"}"));
        }
        Map<String, Long> beforeZip = counts();
        HttpResponse<String> gzip = HTTP.send(HttpRequest.newBuilder(api("articles")).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(gzip.statusCode()).as(gzip.body()).isEqualTo(415);
        assertThat(gzip.headers().firstValue("Accept-Encoding")).hasValue("identity");
        assertThat(gzip.body()).contains("urn:tenantry:problem:unsupported-media-type").contains("uncompressed");
        assertThat(counts()).isEqualTo(beforeZip);
        // outside JAX-RS there is nothing, whatever the method: 404, not the default servlet's 403 (Payara) or 200
        for (String path : List.of("nothing/here", "x%2Fy", "api%2F..%2Fetc", "index.html", "")) {
            for (String method : List.of("GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH")) {
                HttpResponse<String> outside = HTTP.send(HttpRequest.newBuilder(root(path)).timeout(Duration.ofSeconds(15))
                        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(outside.statusCode()).as(method + " /" + path).isEqualTo(404);
                assertThat(outside.body()).as(method + " /" + path).contains("urn:tenantry:problem:not-found");
            }
        }
        // OPTIONS names the allowed methods, not the whole API (Jersey's generated WADL is off)
        HttpResponse<String> options = send(null, "OPTIONS", api("articles"), null, null);
        assertThat(options.body()).doesNotContainIgnoringCase("wadl").doesNotContain("<application");
    }

    @Test
    void concurrentUpdatesOfOneRowAreAppliedOnceEachOrRefusedAs409() throws Exception {
        int threads = 8;
        int rounds = 5;
        long versionBefore = Long.parseLong(sql("select version from projects where id = '" + project + "'"));
        int applied = 0;
        List<String> unexpected = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < rounds; round++) {
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String name = "race " + round + "." + t;
                    answers.add(pool.submit(() -> send("alice", "PUT", api("projects/" + project), org,
                            json("{\"name\":\"" + name + "\"}"))));
                }
                for (Future<HttpResponse<String>> answer : answers) {
                    HttpResponse<String> r = answer.get();
                    if (r.statusCode() / 100 == 2) {
                        applied++;
                    } else if (r.statusCode() != 409 || !r.headers().firstValue("Content-Type").orElse("")
                            .startsWith("application/problem+json") || !r.body().contains("urn:tenantry:problem:conflict")) {
                        unexpected.add(r.statusCode() + " " + abbreviate(r.body()));
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("[tenantry] race on " + (ServerSupport.onWildFly() ? "WildFly" : "Payara Micro") + ": "
                + threads * rounds + " concurrent updates, " + applied + " applied, " + (threads * rounds - applied) + " refused");
        assertThat(unexpected).as("every update not applied is a 409 conflict problem").isEmpty();
        assertThat(applied).isBetween(rounds, threads * rounds);
        assertThat(Long.parseLong(sql("select version from projects where id = '" + project + "'")))
                .isEqualTo(versionBefore + applied);
        assertThat(Long.parseLong(sql("select count(*) from activities where entity_id = '" + project
                + "' and type = 'updated'"))).as("one Activity per applied update").isEqualTo(applied);
    }

    @Test
    void anIdempotencyKeyWritesOnceReplaysTheAnswerAndRefusesReuse() throws Exception {
        String key = UUID.randomUUID().toString();
        byte[] body = json("{\"name\":\"once " + key.substring(0, 8) + "\"}");
        HttpResponse<String> first = keyed(key, "POST", api("projects"), body);
        HttpResponse<String> retry = keyed(key, "POST", api("projects"), body);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.headers().firstValue("Idempotency-Replayed")).contains("true");
        assertThat(parse(retry.body()).getString("id")).isEqualTo(parse(first.body()).getString("id"));
        assertThat(sql("select count(*) from projects where name = 'once " + key.substring(0, 8) + "'")).isEqualTo("1");
        HttpResponse<String> reused = keyed(key, "POST", api("projects"), json("{\"name\":\"other\"}"));
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(reused.body()).contains("urn:tenantry:problem:idempotency-key-reused").doesNotContain(key);
        assertThat(keyed("x".repeat(300), "POST", api("projects"), body).statusCode()).isEqualTo(400);

        // duplicates sent at once: one writes, the others replay its answer or are told it is in progress
        String raceKey = UUID.randomUUID().toString();
        byte[] raceBody = json("{\"name\":\"race " + raceKey.substring(0, 8) + "\"}");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> keyed(raceKey, "POST", api("projects"), raceBody)));
            }
            for (Future<HttpResponse<String>> a : answers) {
                HttpResponse<String> r = a.get();
                assertThat(r.statusCode()).as(r.body()).isIn(201, 409);
                if (r.statusCode() == 409) {
                    assertThat(r.body()).contains("urn:tenantry:problem:idempotency-in-progress");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(sql("select count(*) from projects where name = 'race " + raceKey.substring(0, 8) + "'")).isEqualTo("1");
    }

    private HttpResponse<String> keyed(String key, String method, URI uri, byte[] body) throws Exception {
        return new Probe("alice", method, uri, org, "application/json", body).send(key);
    }

    /** The corpus: malformed and ill-typed bodies on every write, bad ids and parameters, wrong media types, routes and methods. */
    private List<Probe> corpus() {
        List<Probe> c = new ArrayList<>();
        List<String[]> writes = List.of(   // method, path, tenant, user
                new String[] {"POST", "articles", null, null}, new String[] {"PUT", "articles/" + article, null, null},
                new String[] {"POST", "connectors", null, null}, new String[] {"POST", "orgs", null, "alice"},
                new String[] {"POST", "orgs/" + org + "/members", null, "alice"}, new String[] {"POST", "projects", org, "alice"},
                new String[] {"PUT", "projects/" + project, org, "alice"}, new String[] {"PUT", "projects/" + project + "/name", org, "alice"},
                new String[] {"POST", "stories", null, "alice"});
        List<byte[]> malformed = new ArrayList<>();
        for (String m : List.of("{", "}", "[", "{\"title\":}", "{\"title\" \"x\"}", "{'title':'x'}", "{\"title\":\"x\"",
                "{\"title\":\"x\"}}", "{\"title\":\"x\",}", "nul", "tru", "\"unterminated", "{\"a\":1e99999999999}",
                "<xml/>", "title=x", "{\"title\":\"\\x41\"}", "{\"title\":\"\\u12\"}", "{\"title\":\"x\"} trailing",
                "{\"title\":\"\u0001\"", "\uFEFF{\"title\":\"x\"")) {
            malformed.add(m.getBytes(StandardCharsets.UTF_8));
        }
        malformed.add(new byte[] {'{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});   // invalid UTF-8
        malformed.add(("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8));              // deep nesting
        for (String[] w : writes) {
            for (byte[] body : malformed) {
                c.add(new Probe(w[3], w[0], api(w[1]), w[2], "application/json", body));
            }
        }
        // ill-typed, NUL, lone surrogates, oversize, missing: per endpoint with its own field names
        Map<String, List<String>> bad = Map.of(
                "articles", List.of("{\"title\":123,\"slug\":\"s\"}", "{\"title\":[\"x\"],\"slug\":\"s\"}",
                        "{\"title\":{\"a\":1},\"slug\":\"s\"}", "{\"title\":\"a\\u0000b\",\"slug\":\"nul-" + UUID.randomUUID() + "\"}",
                        "{\"title\":\"\\ud800\",\"slug\":\"sur-" + UUID.randomUUID() + "\"}",
                        "{\"title\":\"x\",\"slug\":\"" + "s".repeat(1_000_000) + "\"}",
                        "{\"title\":\"" + "t".repeat(300) + "\",\"slug\":\"long-" + UUID.randomUUID() + "\"}",
                        "{\"title\":\"x\",\"slug\":\"big-" + UUID.randomUUID() + "\",\"body\":\"" + "b".repeat(30_000) + "\"}",
                        "{\"slug\":\"no-title-" + UUID.randomUUID() + "\"}", "{}", "null", "[]", "\"just a string\"", "42"),
                "connectors", List.of("{\"name\":\"n\\u0000\",\"apiToken\":\"tok_1\"}", "{\"name\":\"x\"}",
                        "{\"name\":1,\"apiToken\":2}", "{\"name\":\"" + "n".repeat(500) + "\",\"apiToken\":\"tok_2\"}", "{}", "null"),
                "orgs", List.of("{\"name\":\"Bad\",\"slug\":\"" + UUID.randomUUID() + "\"}", "{\"name\":\"Bad\",\"slug\":\"UPPER\"}",
                        "{\"name\":\" \",\"slug\":\"blank-name\"}", "{\"name\":\"x\",\"slug\":\"-dash\"}",
                        "{\"name\":\"x\\u0000\",\"slug\":\"nul-name\"}", "{\"name\":\"x\"}", "{\"slug\":\"" + org + "\",\"name\":\"dup\"}",
                        "{}", "null"),
                "orgs/" + org + "/members", List.of("{\"principal\":\"vera\",\"role\":\"GOD\"}",
                        "{\"principal\":\"vera\",\"role\":5}", "{\"principal\":\"vera\"}", "{\"role\":\"VIEWER\"}",
                        "{\"principal\":\"\\u0000\",\"role\":\"VIEWER\"}", "{}", "null"),
                "projects", List.of("{\"name\":\"\"}", "{\"name\":\"   \"}", "{\"name\":\"" + "p".repeat(201) + "\"}",
                        "{\"name\":\"a\\u0000\"}", "{\"name\":\"\\udc00\"}", "{\"name\":7}", "{}", "null"),
                "stories", List.of("{\"title\":\"\",\"publish\":true}", "{\"title\":\"x\",\"publish\":\"yes\"}",
                        "{\"title\":\"x\",\"organization\":\"no-such-org\"}", "{\"title\":\"x\",\"organization\":\"" + UUID.randomUUID() + "\"}",
                        "{\"title\":\"\\u0000\"}", "{}", "null"));
        for (String[] w : writes) {
            String key = w[1].startsWith("articles") ? "articles" : w[1].startsWith("projects") ? "projects" : w[1];
            for (String body : bad.getOrDefault(key, List.of())) {
                c.add(new Probe(w[3], w[0], api(w[1]), w[2], "application/json", body.getBytes(StandardCharsets.UTF_8)));
            }
        }
        // more than the request body limit (1 MiB): refused before it is read
        byte[] huge = ("{\"title\":\"x\",\"slug\":\"huge\",\"body\":\"" + "h".repeat(2_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        c.add(new Probe(null, "POST", api("articles"), null, "application/json", huge));
        c.add(new Probe("alice", "POST", api("projects"), org, "application/json", huge));
        // wrong media types on every write
        for (String[] w : writes) {
            for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "image/png")) {
                c.add(new Probe(w[3], w[0], api(w[1]), w[2], type, "{\"title\":\"x\",\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
            }
        }
        // ids that are no ids, on every route with one
        for (String id : List.of("not-a-uuid", "123", "%00", "%27%20OR%201%3D1--", UUID.randomUUID() + "x", "x".repeat(300),
                "00000000-0000-0000-0000-00000000000g", "%F0%9F%98%80", "..%2F..%2Fetc%2Fpasswd")) {
            c.add(new Probe(null, "GET", api("articles/" + id), null, null, null));
            c.add(new Probe(null, "DELETE", api("articles/" + id), null, null, null));
            c.add(new Probe(null, "POST", api("articles/" + id + "/restore"), null, null, null));
            c.add(new Probe(null, "GET", api("connectors/" + id), null, null, null));
            c.add(new Probe(null, "GET", api("stories/" + id), null, null, null));
            c.add(new Probe("alice", "PUT", api("projects/" + id), org, "application/json", "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
            c.add(new Probe("alice", "GET", api("projects/" + id + "/activities"), org, null, null));
            c.add(new Probe("alice", "POST", api("projects/" + id + "/export"), org, null, null));
            c.add(new Probe("alice", "DELETE", api("orgs/" + id), null, null, null));
            c.add(new Probe("alice", "GET", api("projects"), id, null, null));     // as X-Tenant
        }
        // bad query parameters
        for (String q : List.of("size=-1", "size=0", "size=abc", "size=99999999999", "size=1001", "page=-5", "page=abc",
                "page=2147483648", "sort=password", "sort=title&sort=title", "sort=title,sideways", "sort=%3Cscript%3E",
                "sort=a&sort=b&sort=c&sort=d&sort=e&sort=f&sort=g&sort=h&sort=i", "sort=createdAt.secret", "sort=")) {
            if (!q.equals("sort=")) {
                c.add(new Probe(null, "GET", api("articles?" + q), null, null, null));
                if (!q.startsWith("sort")) {      // the include-deleted view takes page and size only
                    c.add(new Probe(null, "GET", api("articles/all?" + q), null, null, null));
                }
            }
        }
        for (String q : List.of("after=garbage", "after=%00", "size=-3", "size=x", "after=" + Base64.getUrlEncoder()
                .encodeToString("{\"v\":\"x\"}".getBytes(StandardCharsets.UTF_8)))) {
            c.add(new Probe(null, "GET", api("articles/feed?" + q), null, null, null));
        }
        c.add(new Probe("alice", "GET", api("projects/" + project + "/activities?cursor=garbage"), org, null, null));
        // unknown routes and methods, outside JAX-RS too
        for (String path : List.of("api/nope", "api/articles/x/y/z", "nope", "api", "api/", "WEB-INF/web.xml",
                "META-INF/MANIFEST.MF", "api/orgs/" + org + "/members/x", "index.html")) {
            c.add(new Probe(null, "GET", root(path), null, null, null));
        }
        for (String[] m : List.of(new String[] {"PATCH", "articles"}, new String[] {"DELETE", "articles"},
                new String[] {"PUT", "articles"}, new String[] {"PATCH", "projects"}, new String[] {"GET", "orgs"},
                new String[] {"PUT", "orgs"}, new String[] {"GET", "connectors"}, new String[] {"DELETE", "stories"},
                new String[] {"FOO", "articles"}, new String[] {"GET", "orgs/" + org + "/members"})) {
            c.add(new Probe("alice", m[0], api(m[1]), m[1].startsWith("projects") ? org : null, null, null));
        }
        // Accept that nothing here answers in
        c.add(new Probe(null, "GET", api("articles"), null, null, null, "application/xml"));
        c.add(new Probe(null, "GET", api("articles/" + article), null, null, null, "image/png"));
        // tenancy: no tenant, unknown tenant, a viewer's write, a stranger
        c.add(new Probe("alice", "GET", api("projects"), null, null, null));
        c.add(new Probe(null, "GET", api("projects"), org, null, null));
        c.add(new Probe("mallory", "GET", api("projects"), org, null, null));
        c.add(new Probe("mallory", "PUT", api("projects/" + project), org, "application/json", "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
        c.add(new Probe("alice", "GET", api("projects"), "no-such-org-" + UUID.randomUUID().toString().substring(0, 6), null, null));
        c.add(new Probe("nobody", "GET", api("projects"), org, null, null));
        // Authorization headers that are no BASIC credentials, or wrong ones (the servers' own BASIC mechanism
        // answers some of these with a bare 500): refused as 401 on a public and on a member's resource alike
        java.util.function.Function<String, String> b64 = s -> Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
        for (String header : List.of("Basic !!!", "Basic " + b64.apply("alice"), "Basic " + b64.apply("alice:"),
                "Basic " + b64.apply(":alice-pw"), "Basic " + b64.apply("alice:alice-pw:x"), "Basic", "Basic ", "Basicx",
                "Basic " + b64.apply("alice:alice-pw").substring(1), "Basic " + b64.apply("alice\u0000:alice-pw"),
                "basic " + b64.apply("alice:wrong"), "Basic " + "A".repeat(4000),
                "Basic " + Base64.getEncoder().encodeToString(new byte[] {'a', ':', (byte) 0xC3, (byte) 0x28}))) {
            c.add(new Probe(RAW + header, "GET", api("projects"), org, null, null));
            c.add(new Probe(RAW + header, "POST", api("orgs"), null, "application/json",
                    json("{\"name\":\"Raw\",\"slug\":\"raw-auth\"}")));
        }
        c.addAll(keyed());
        return c;
    }

    /**
     * Every unsafe route of the application, refused (an unknown id or organization, a bad body, a caller
     * who is no member), sent with a well-formed Idempotency-Key: the key must change nothing about the
     * refusal. (The erasure route, which cannot run in one transaction, answered 500 to any request with
     * a key while its resource class was {@code @Idempotent} as a whole.)
     */
    private List<Probe> keyed() {
        String unknown = UUID.randomUUID().toString();
        byte[] article = json("{\"title\":\"Keyed\",\"slug\":\"keyed-" + unknown.substring(0, 8) + "\"}");
        byte[] named = json("{\"name\":\"Keyed\"}");
        return List.of(new Probe(null, "POST", api("articles"), null, "application/json", json("{\"slug\":\"UPPER\"}")),
                new Probe(null, "PUT", api("articles/" + unknown), null, "application/json", article),
                new Probe(null, "DELETE", api("articles/" + unknown), null, null, null),
                new Probe(null, "POST", api("articles/" + unknown + "/restore"), null, null, null),
                new Probe("alice", "POST", api("connectors"), org, "application/json", json("{}")),
                new Probe("alice", "POST", api("stories"), org, "application/json", json("{}")),
                new Probe("alice", "POST", api("orgs"), null, "application/json", json("{\"name\":\"K\",\"slug\":\"UPPER\"}")),
                new Probe("alice", "POST", api("orgs/" + unknown + "/members"), null, "application/json",
                        json("{\"principal\":\"vera\",\"role\":\"MEMBER\"}")),
                new Probe("alice", "PUT", api("orgs/" + unknown + "/members/vera"), null, "application/json",
                        json("{\"role\":\"MEMBER\"}")),
                new Probe("alice", "DELETE", api("orgs/" + unknown), null, null, null),
                new Probe("alice", "POST", api("orgs/" + unknown + "/erasure"), null, null, null),
                new Probe("mallory", "POST", api("orgs/" + org + "/erasure"), null, null, null),
                new Probe("mallory", "DELETE", api("orgs/" + org), null, null, null),
                new Probe("alice", "POST", api("projects"), org, "application/json", json("{}")),
                new Probe("alice", "PUT", api("projects/" + unknown), org, "application/json", named),
                new Probe("alice", "PUT", api("projects/" + unknown + "/name?version=1"), org, "application/json", named),
                new Probe("alice", "POST", api("projects/" + unknown + "/export"), org, null, null))
                .stream().map(Probe::withKey).toList();
    }

    /** One request of the corpus. */
    private record Probe(String user, String method, URI uri, String tenant, String contentType, byte[] body, String accept,
                         boolean chunked, String idempotencyKey) {

        Probe(String user, String method, URI uri, String tenant, String contentType, byte[] body, String accept,
              boolean chunked) {
            this(user, method, uri, tenant, contentType, body, accept, chunked, null);
        }

        /** @return this request with a new well-formed Idempotency-Key */
        Probe withKey() {
            return new Probe(user, method, uri, tenant, contentType, body, accept, chunked, UUID.randomUUID().toString());
        }

        Probe(String user, String method, URI uri, String tenant, String contentType, byte[] body) {
            this(user, method, uri, tenant, contentType, body, "application/json", false);
        }

        Probe(String user, String method, URI uri, String tenant, String contentType, byte[] body, String accept) {
            this(user, method, uri, tenant, contentType, body, accept, false);
        }

        /**
         * Requests the servlet container refuses before any application code runs, so no problem body
         * can be written: an encoded NUL in the path (Grizzly: 400, empty), and the protected WEB-INF
         * and META-INF folders (Undertow: a bare 404 page). Still 4xx, still without a leak.
         */
        boolean containerRefusal() {
            String u = uri.getRawPath();
            return u.contains("%00") || u.contains("/WEB-INF/") || u.contains("/META-INF/");
        }

        HttpResponse<String> send() throws Exception {
            return send(idempotencyKey);
        }

        HttpResponse<String> send(String idempotencyKey) throws Exception {
            HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).header("Accept", accept);
            if (idempotencyKey != null) {
                r.header("Idempotency-Key", idempotencyKey);
            }
            boolean raw = user != null && user.startsWith(RAW);
            DemoRequests.signIn(r, "nobody".equals(user) || raw ? null : user, tenant);
            if (raw) {
                r.header("Authorization", user.substring(RAW.length()));
            }
            if ("nobody".equals(user)) {
                r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString("nobody:wrong".getBytes(StandardCharsets.UTF_8)));
            }
            if (contentType != null) {
                r.header("Content-Type", contentType);
            }
            r.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : chunked
                    ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            try {
                // a hard limit of our own: the JDK client's request timeout does not fire while a body is
                // still being written to a server that stopped reading it
                return HTTP.sendAsync(r.build(), HttpResponse.BodyHandlers.ofString()).get(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new java.net.http.HttpTimeoutException("no answer within 20 s");
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }

        @Override
        public String toString() {
            return method + " " + abbreviate(uri.toString()) + (body == null ? "" : " " + abbreviate(new String(body, StandardCharsets.UTF_8)))
                    + (contentType == null || contentType.equals("application/json") ? "" : " [" + contentType + "]")
                    + (tenant == null ? "" : " tenant " + abbreviate(tenant)) + (user == null ? "" : " as " + user)
                    + (idempotencyKey == null ? "" : " with an Idempotency-Key");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 160) + "…(" + s.length() + ")";
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(String user, String method, URI uri, String tenant, byte[] body) throws Exception {
        return new Probe(user, method, uri, tenant, body == null ? null : "application/json", body).send();
    }

    private Map<String, Long> counts() throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        for (String table : TABLES) {
            counts.put(table, Long.parseLong(sql("select count(*) from " + table)));
        }
        counts.put("versions", Long.parseLong(sql("select coalesce(sum(version), 0) from articles")
                ) + Long.parseLong(sql("select coalesce(sum(version), 0) from projects")));
        counts.put("deleted", Long.parseLong(sql("select count(*) from articles where deleted_at is not null")));
        return counts;
    }

    private URI api(String path) {
        return root("api/" + path);
    }

    private URI root(String path) {
        // the server answers on every interface; the corpus only ever targets loopback
        String b = "http://127.0.0.1:" + base.getPort() + base.getPath();
        return URI.create(b.endsWith("/") ? b + path : b + "/" + path);
    }

    private static JsonObject parse(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    private static String sql(String query) throws SQLException {
        return ServerSupport.sql(query);
    }
}
