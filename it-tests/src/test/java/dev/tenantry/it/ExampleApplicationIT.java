package dev.tenantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.embedded.PostgresEndpoint;
import dev.tenantry.tenancy.DistributableSchema;
import dev.tenantry.tenancy.RowSecurity;
import dev.tenantry.tenancy.TenantId;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example application in a real Payara Micro against real PostgreSQL: migrations and seeds at
 * deployment, then create / page / delete / restore and the typed errors over HTTP.
 */
@ExtendWith(ArquillianExtension.class)
class ExampleApplicationIT {

    private static final PostgresEndpoint DB = ServerSupport.database();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ServerSupport.exampleWar();
    }

    @Test
    void migrationsAndDemoSeedRanAtDeployment() throws Exception {
        assertThat(sql("select count(*) from tenantry_schema_history where success")).isNotEqualTo("0");
        assertThat(sql("select count(*) from articles where slug in ('welcome', 'paging')")).isEqualTo("2");
        JsonObject health = json(send("GET", ServerSupport.onWildFly() ? ServerSupport.wildFlyManagement("health/ready")
                : rootUrl("health/ready"), null).body());
        assertThat(health.getString("status")).isEqualTo("UP");
    }

    @Test
    void createPageUpdateDeleteRestoreOverHttp() throws Exception {
        String slug = "it-" + UUID.randomUUID();
        HttpResponse<String> created = send("POST", api("articles"), "{\"title\":\"Arquillian\",\"slug\":\"" + slug + "\",\"body\":\"b\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = json(created.body()).getString("id");
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/articles/" + id));

        JsonObject page = json(send("GET", api("articles?size=1&sort=-createdAt"), null).body());
        assertThat(page.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(id);
        assertThat(page.getJsonNumber("total").longValue()).isGreaterThanOrEqualTo(3);
        assertThat(page.getJsonNumber("totalPages").longValue()).isEqualTo(page.getJsonNumber("total").longValue());

        HttpResponse<String> updated = send("PUT", api("articles/" + id), "{\"title\":\"Renamed\",\"slug\":\"" + slug + "\"}");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(json(updated.body()).getString("title")).isEqualTo("Renamed");
        assertThat(json(updated.body()).getInt("version")).isEqualTo(2);

        assertThat(send("DELETE", api("articles/" + id), null).statusCode()).isEqualTo(204);
        JsonObject all = json(send("GET", api("articles/all?size=1000"), null).body());
        assertThat(all.getJsonArray("items").stream().map(JsonObject.class::cast)
                .filter(a -> a.getString("id").equals(id)).findFirst().orElseThrow().getBoolean("deleted")).isTrue();
        assertThat(send("GET", api("articles/" + id), null).statusCode()).isEqualTo(404);
        assertThat(sql("select deleted_at is not null from articles where id = '" + id + "'")).isEqualTo("t");

        HttpResponse<String> restored = send("POST", api("articles/" + id + "/restore"), null);
        assertThat(restored.statusCode()).isEqualTo(200);
        assertThat(json(restored.body()).getBoolean("deleted")).isFalse();
        assertThat(send("GET", api("articles/" + id), null).statusCode()).isEqualTo(200);
    }

    @Test
    void duplicateSlugIs409AndMissingTitleIs422AndNeitherWritesARow() throws Exception {
        String slug = "dup-" + UUID.randomUUID();
        assertThat(send("POST", api("articles"), "{\"title\":\"One\",\"slug\":\"" + slug + "\"}").statusCode()).isEqualTo(201);
        String before = sql("select count(*) from articles");

        HttpResponse<String> duplicate = send("POST", api("articles"), "{\"title\":\"Two\",\"slug\":\"" + slug + "\"}");
        HttpResponse<String> missing = send("POST", api("articles"), "{\"slug\":\"x-" + UUID.randomUUID() + "\"}");

        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(duplicate.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonObject problem = json(duplicate.body());
        assertThat(problem.getString("constraint")).isEqualTo("articles_slug_live_key");
        assertThat(duplicate.body()).doesNotContain(slug).doesNotContainIgnoringCase("insert");
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(sql("select count(*) from articles")).isEqualTo(before);
    }

    @Test
    void keysetFeedWalksAllArticlesAndUnknownSortIs400() throws Exception {
        long total = json(send("GET", api("articles?size=1"), null).body()).getJsonNumber("total").longValue();
        int seen = 0;
        String after = null;
        do {
            JsonObject page = json(send("GET", api("articles/feed?size=2" + (after == null ? "" : "&after=" + after)), null).body());
            seen += page.getJsonArray("items").size();
            after = page.containsKey("next") && !page.isNull("next") ? page.getString("next") : null;
        } while (after != null);
        assertThat(seen).isEqualTo(total);

        HttpResponse<String> badSort = send("GET", api("articles?sort=password"), null);
        assertThat(badSort.statusCode()).isEqualTo(400);
        assertThat(badSort.body()).contains("Cannot sort Article by 'password'");
    }

    @Test
    void connectorTokenIsStoredEncryptedAndATamperedOneFailsNamingWhere() throws Exception {
        String token = "tok_" + UUID.randomUUID();
        HttpResponse<String> created = send("POST", api("connectors"), "{\"name\":\"github-" + UUID.randomUUID()
                + "\",\"apiToken\":\"" + token + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(token).contains(token.substring(token.length() - 4));
        String id = json(created.body()).getString("id");

        String stored = sql("select api_token from connector_credentials where id = '" + id + "'");
        assertThat(stored).startsWith("tnc2:1:").doesNotContain(token);   // bound to connector_credentials.api_token
        assertThat(json(send("GET", api("connectors/" + id), null).body()).getString("tokenHint"))
                .isEqualTo("…" + token.substring(token.length() - 4));

        // a row nobody has read yet (so not cached), its ciphertext changed in one character
        String tampered = stored.substring(0, 10) + (stored.charAt(10) == 'A' ? 'B' : 'A') + stored.substring(11);
        UUID other = UUID.randomUUID();
        sql("insert into connector_credentials (id, created_at, updated_at, version, name, api_token) values ('"
                + other + "', now(), now(), 1, 'tampered-" + other + "', '" + tampered + "') returning id");
        HttpResponse<String> failed = send("GET", api("connectors/" + other), null);
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).contains("urn:tenantry:problem:decryption-failed").contains("ConnectorCredential.apiToken")
                .doesNotContain(tampered.substring(7, 30));
    }

    @Test
    void projectsAreVisibleToMembersOnlyAndViewersCannotWrite() throws Exception {
        String slug = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(as("alice", "POST", api("orgs"), "{\"name\":\"Acme\",\"slug\":\"" + slug + "\"}", null).statusCode())
                .isEqualTo(201);
        assertThat(as("alice", "POST", api("orgs/" + slug + "/members"), "{\"principal\":\"bob\",\"role\":\"MEMBER\"}", null)
                .statusCode()).isEqualTo(201);
        assertThat(as("alice", "POST", api("orgs/" + slug + "/members"), "{\"principal\":\"vera\",\"role\":\"VIEWER\"}", null)
                .statusCode()).isEqualTo(201);

        HttpResponse<String> created = as("bob", "POST", api("projects"), "{\"name\":\"Rocket\"}", slug);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(as("vera", "GET", api("projects"), null, slug).body().replaceFirst("^\\[", "{\"a\":[") + "}")
                .getJsonArray("a")).hasSize(1);

        String before = sql("select count(*) from projects");
        HttpResponse<String> viewerWrite = as("vera", "POST", api("projects"), "{\"name\":\"Not allowed\"}", slug);
        assertThat(viewerWrite.statusCode()).isEqualTo(403);
        assertThat(sql("select count(*) from projects")).isEqualTo(before);

        // another tenant's member, an unknown organization: the same 404, and nothing read
        String unknown = UUID.randomUUID().toString();
        HttpResponse<String> nonMember = as("mallory", "GET", api("projects"), null, slug);
        HttpResponse<String> missing = as("mallory", "GET", api("projects"), null, unknown);
        assertThat(nonMember.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(ServerSupport.withoutCorrelationId(nonMember.body()).replace(slug, "X"))
                .isEqualTo(ServerSupport.withoutCorrelationId(missing.body()).replace(unknown, "X"));
        assertThat(nonMember.body()).doesNotContain("Rocket");

        assertThat(as("bob", "GET", api("projects"), null, null).statusCode()).isEqualTo(400);
        assertThat(send("GET", api("projects"), null).statusCode()).isIn(400, 401);
        HttpResponse<String> anonymous = DemoRequests.as(api("projects"), null).in(slug).send("GET", api("projects"), null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(sql("select count(*) from projects")).isEqualTo(before);
    }

    @Test
    void anOwnerExportsThenErasesAnOrganizationAndNoRowOfItRemainsInAnyTable() throws Exception {
        String slug = "leaving-" + UUID.randomUUID().toString().substring(0, 8);
        String stays = "staying-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(as("alice", "POST", api("orgs"), "{\"name\":\"Leaving\",\"slug\":\"" + slug + "\"}", null).statusCode())
                .isEqualTo(201);
        as("alice", "POST", api("orgs/" + slug + "/members"), "{\"principal\":\"bob\",\"role\":\"MEMBER\"}", null);
        as("alice", "POST", api("orgs/" + slug + "/members"), "{\"principal\":\"vera\",\"role\":\"ADMIN\"}", null);
        String deleted = json(as("bob", "POST", api("projects"), "{\"name\":\"Gone\"}", slug).body()).getString("id");
        as("bob", "POST", api("projects"), "{\"name\":\"Kept\"}", slug);
        execute("update projects set deleted_at = now() where id = '" + deleted + "'");   // the example has no project delete
        as("alice", "POST", api("stories"), "{\"title\":\"Farewell\",\"organization\":\"" + slug + "\",\"publish\":true}", null);
        as("mallory", "POST", api("orgs"), "{\"name\":\"Staying\",\"slug\":\"" + stays + "\"}", null);
        as("mallory", "POST", api("projects"), "{\"name\":\"Untouched\"}", stays);
        String org = sql("select id from organizations where slug = '" + slug + "'");
        String other = sql("select id from organizations where slug = '" + stays + "'");
        String otherBefore = tenantRows(other);

        assertThat(export("bob", api("orgs/" + slug + "/export")).statusCode()).isEqualTo(403);
        assertThat(export("mallory", api("orgs/" + slug + "/export")).statusCode()).isEqualTo(404);
        HttpResponse<String> export = export("vera", api("orgs/" + slug + "/export"));
        assertThat(export.statusCode()).isEqualTo(200);
        List<String> lines = export.body().lines().toList();
        assertThat(lines).allSatisfy(l -> assertThat(l).contains(org).doesNotContain(other));
        assertThat(lines.get(lines.size() - 1)).as("the end line: the export is complete")
                .isEqualTo("{\"end\":{\"organization\":\"" + org + "\",\"rows\":" + (lines.size() - 1) + "}}");
        assertThat(lines).anyMatch(l -> l.startsWith("{\"table\":\"projects\"") && l.contains("Gone"))
                .anyMatch(l -> l.startsWith("{\"table\":\"stories\"") && l.contains("Farewell"))
                .anyMatch(l -> l.startsWith("{\"table\":\"activities\""))
                .anyMatch(l -> l.startsWith("{\"table\":\"memberships\"") && l.contains("\"bob\""));

        String everythingBefore = sql("select count(*) from projects") + "/" + sql("select count(*) from memberships");
        assertThat(as("vera", "POST", api("orgs/" + slug + "/erasure"), null, null).statusCode()).isEqualTo(403);
        assertThat(as("mallory", "POST", api("orgs/" + org + "/erasure"), null, null).statusCode()).isEqualTo(404);
        assertThat(sql("select count(*) from projects") + "/" + sql("select count(*) from memberships")).isEqualTo(everythingBefore);

        HttpResponse<String> erased = as("alice", "POST", api("orgs/" + slug + "/erasure"), null, null);
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
        assertThat(json(erased.body()).getJsonNumber("total").longValue()).isGreaterThanOrEqualTo(lines.size() - 1);
        assertThat(tenantRows(org)).as("rows of the erased organization, table by table").doesNotContain(":1", ":2", ":3")
                .matches("(\\w+:0;)+");
        assertThat(sql("select count(*) from organizations where id = '" + org + "'")).isEqualTo("0");
        assertThat(tenantRows(other)).isEqualTo(otherBefore);
        assertThat(sql("select status from job_runs where job = 'tenantry.organization-erasure' and tenant_id = '" + org + "'"))
                .isEqualTo("SUCCEEDED");
        assertThat(export("alice", api("orgs/" + slug + "/export")).statusCode()).isEqualTo(404);
        assertThat(as("alice", "POST", api("orgs/" + org + "/erasure"), null, null).statusCode()).isEqualTo(404);
        assertThat(as("mallory", "GET", api("projects"), null, stays).body()).contains("Untouched");
    }

    /** Per table with an organization_id column (from the catalog): how many rows the organization has there. */
    private static String tenantRows(String org) throws Exception {
        StringBuilder rows = new StringBuilder();
        try (java.sql.Connection c = DB.connect(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet tables = s.executeQuery("select c.relname from pg_class c join pg_attribute a on a.attrelid = c.oid"
                     + " where a.attname = 'organization_id' and not a.attisdropped and c.relkind in ('r', 'p')"
                     + " and c.relnamespace = 'public'::regnamespace order by 1")) {
            List<String> names = new java.util.ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString(1));
            }
            for (String table : names) {
                rows.append(table).append(':').append(sql("select count(*) from " + table + " where organization_id = '" + org + "'"))
                        .append(';');
            }
        }
        return rows.toString();
    }

    @Test
    void deletingAnOrganizationTurnsItsPublishedStoriesIntoDrafts() throws Exception {
        String slug = "press-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(as("alice", "POST", api("orgs"), "{\"name\":\"Press\",\"slug\":\"" + slug + "\"}", null).statusCode())
                .isEqualTo(201);
        HttpResponse<String> created = as("alice", "POST", api("stories"),
                "{\"title\":\"Launch\",\"organization\":\"" + slug + "\",\"publish\":true}", null);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonObject story = json(created.body());
        assertThat(story.getString("status")).isEqualTo("published");
        HttpResponse<String> personal = as("alice", "POST", api("stories"), "{\"title\":\"Mine\",\"publish\":true}", null);
        // a VIEWER reads the organization's content but writes none in its name; an outsider does not see it
        assertThat(as("alice", "POST", api("orgs/" + slug + "/members"), "{\"principal\":\"vera\",\"role\":\"VIEWER\"}", null)
                .statusCode()).isEqualTo(201);
        String stories = sql("select count(*) from stories");
        assertThat(as("vera", "POST", api("stories"), "{\"title\":\"By a viewer\",\"organization\":\"" + slug
                + "\",\"publish\":true}", null).statusCode()).isEqualTo(403);
        assertThat(as("mallory", "POST", api("stories"), "{\"title\":\"By an outsider\",\"organization\":\"" + slug
                + "\",\"publish\":true}", null).statusCode()).isEqualTo(404);
        assertThat(sql("select count(*) from stories")).isEqualTo(stories);

        assertThat(as("alice", "DELETE", api("orgs/" + slug), null, null).statusCode()).isEqualTo(204);

        JsonObject after = json(as("alice", "GET", api("stories/" + story.getString("id")), null, null).body());
        assertThat(after.getString("status")).isEqualTo("draft");
        assertThat(after.getOrDefault("publishedAt", jakarta.json.JsonValue.NULL)).isEqualTo(jakarta.json.JsonValue.NULL);
        assertThat(json(as("alice", "GET", api("stories/" + json(personal.body()).getString("id")), null, null).body())
                .getString("status")).isEqualTo("published");
    }

    @Test
    void theAuditTrailNamesEachPrincipalAndStaysInItsOrganization() throws Exception {
        String slug = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(as("alice", "POST", api("orgs"), "{\"name\":\"Audited\",\"slug\":\"" + slug + "\"}", null).statusCode())
                .isEqualTo(201);
        as("alice", "POST", api("orgs/" + slug + "/members"), "{\"principal\":\"bob\",\"role\":\"MEMBER\"}", null);
        as("alice", "POST", api("orgs/" + slug + "/members"), "{\"principal\":\"vera\",\"role\":\"VIEWER\"}", null);
        as("alice", "POST", api("projects"), "{\"name\":\"Taken\"}", slug);

        HttpResponse<String> created = DemoRequests.as(api("projects"), "bob").in(slug).header("X-Request-Id", "it-req-1")
                .send("POST", api("projects"), "{\"name\":\"Alpha\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("X-Request-Id")).contains("it-req-1");
        String id = json(created.body()).getString("id");
        assertThat(as("alice", "PUT", api("projects/" + id), "{\"name\":\"Beta\"}", slug).statusCode()).isEqualTo(200);
        assertThat(as("alice", "PUT", api("projects/" + id), "{\"name\":\"Taken\"}", slug).statusCode()).isEqualTo(409);
        assertThat(as("bob", "POST", api("projects/" + id + "/export"), null, slug).statusCode()).isEqualTo(200);

        HttpResponse<String> trail = as("vera", "GET", api("projects/" + id + "/activities"), null, slug);
        assertThat(trail.statusCode()).isEqualTo(200);
        jakarta.json.JsonArray items = Json.createReader(new StringReader(trail.body())).readArray();
        assertThat(items).hasSize(2);   // the refused rename left nothing
        JsonObject updated = items.getJsonObject(0);
        JsonObject first = items.getJsonObject(1);
        assertThat(updated.getString("type") + "|" + updated.getString("actor")).isEqualTo("updated|alice");
        assertThat(json(updated.getString("metadata")).getJsonObject("changes").getJsonObject("name").toString())
                .isEqualTo("{\"new\":\"Beta\",\"old\":\"Alpha\"}");
        assertThat(first.getString("type") + "|" + first.getString("actor") + "|" + first.getString("correlationId"))
                .isEqualTo("created|bob|it-req-1");
        assertThat(sql("select actor || '|' || description from activities where type = 'project.exported'"
                + " and description like '%" + id + "'")).isEqualTo("bob|Exported project " + id);

        // another organization's member: not found, through her own organization or through this one
        String other = "mallory-" + UUID.randomUUID().toString().substring(0, 8);
        as("mallory", "POST", api("orgs"), "{\"name\":\"Elsewhere\",\"slug\":\"" + other + "\"}", null);
        assertThat(as("mallory", "GET", api("projects/" + id + "/activities"), null, other).statusCode()).isEqualTo(404);
        HttpResponse<String> foreign = as("mallory", "GET", api("projects/" + id + "/activities"), null, slug);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).doesNotContain("Alpha").doesNotContain("alice");
    }

    @Test
    void aRenameInOneStatementKeepsTheVersionTheRolesTheTenantAndTheTrail() throws Exception {
        String slug = "direct-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(as("alice", "POST", api("orgs"), "{\"name\":\"Direct\",\"slug\":\"" + slug + "\"}", null).statusCode())
                .isEqualTo(201);
        as("alice", "POST", api("orgs/" + slug + "/members"), "{\"principal\":\"vera\",\"role\":\"VIEWER\"}", null);
        as("alice", "POST", api("projects"), "{\"name\":\"Taken\"}", slug);
        String id = json(as("alice", "POST", api("projects"), "{\"name\":\"Alpha\"}", slug).body()).getString("id");
        URI name = api("projects/" + id + "/name?version=1");

        HttpResponse<String> renamed = as("alice", "PUT", name, "{\"name\":\"Gamma\"}", slug);
        assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
        assertThat(as("alice", "PUT", name, "{\"name\":\"Delta\"}", slug).statusCode()).as("stale version").isEqualTo(409);
        assertThat(as("alice", "PUT", api("projects/" + id + "/name"), "{\"name\":\"Taken\"}", slug).statusCode())
                .as("duplicate name").isEqualTo(409);
        assertThat(as("vera", "PUT", api("projects/" + id + "/name"), "{\"name\":\"Viewer\"}", slug).statusCode()).isEqualTo(403);
        String other = "elsewhere-" + UUID.randomUUID().toString().substring(0, 8);
        as("mallory", "POST", api("orgs"), "{\"name\":\"Elsewhere\",\"slug\":\"" + other + "\"}", null);
        assertThat(as("mallory", "PUT", api("projects/" + id + "/name"), "{\"name\":\"Stolen\"}", other).statusCode())
                .isEqualTo(404);
        assertThat(as("alice", "PUT", api("projects/" + UUID.randomUUID() + "/name"), "{\"name\":\"x\"}", slug).statusCode())
                .isEqualTo(404);

        assertThat(sql("select name || '|' || version from projects where id = '" + id + "'")).isEqualTo("Gamma|2");
        jakarta.json.JsonArray items = Json.createReader(new StringReader(as("vera", "GET", api("projects/" + id + "/activities"),
                null, slug).body())).readArray();
        assertThat(items).hasSize(2);   // created, and the one rename that happened
        assertThat(items.getJsonObject(0).getString("type") + "|" + items.getJsonObject(0).getString("actor")).isEqualTo("updated|alice");
        assertThat(json(items.getJsonObject(0).getString("metadata")).getJsonObject("changes").getJsonObject("name").toString())
                .isEqualTo("{\"new\":\"Gamma\",\"old\":\"Alpha\"}");
        // the next read sees the new name, not a cached copy
        assertThat(as("alice", "GET", api("projects"), null, slug).body()).contains("Gamma").doesNotContain("Alpha");
    }

    @Test
    void theServerConnectsAsARoleThatCannotBypassRowSecurity() throws Exception {
        assertThat(sql("select count(*) > 0 from pg_stat_activity where usename = 'tenantry_app'"
                + " and datname = current_database()")).isEqualTo("t");
        // (on Citus, the cluster's own connections between its nodes, and its maintenance daemon, are not the server's)
        assertThat(sql("select count(*) from pg_stat_activity where usename = current_user and datname = current_database()"
                + " and pid <> pg_backend_pid() and backend_type = 'client backend'"
                + " and coalesce(application_name, '') not like 'citus%'")).as("no server connection as the superuser").isEqualTo("0");
        try (Connection app = new PostgresEndpoint(DB.jdbcUrl(), "tenantry_app", "").connect()) {
            assertThat(RowSecurity.problemsOf(app)).isEmpty();
        }
        assertThat(sql("select tableowner from pg_tables where tablename = 'projects'")).isEqualTo("tenantry_owner");
        // (other deployments of the suite add tables of their own to the shared database)
        assertThat(sql("select string_agg(relname, ',' order by relname) from pg_class where relrowsecurity and relforcerowsecurity"
                + " and relname in ('activities', 'memberships', 'organizations', 'projects', 'articles', 'app_settings')"))
                .as("the example's tenant table and Tenantry's own").isEqualTo("activities,memberships,projects");

        // Tenantry's own tables, as the runtime role: an organization's tenant sees its own rows only
        String mine = "rls-" + System.nanoTime();
        String theirs = "rls-other-" + System.nanoTime();
        assertThat(as("alice", "POST", api("orgs"), "{\"name\":\"Mine\",\"slug\":\"" + mine + "\"}", null).statusCode()).isEqualTo(201);
        assertThat(as("mallory", "POST", api("orgs"), "{\"name\":\"Theirs\",\"slug\":\"" + theirs + "\"}", null).statusCode())
                .isEqualTo(201);
        TenantId org = new TenantId(UUID.fromString(sql("select id from organizations where slug = '" + mine + "'")));
        try (Connection app = new PostgresEndpoint(DB.jdbcUrl(), "tenantry_app", "").connect()) {
            for (String table : List.of("memberships", "activities")) {
                try (PreparedStatement ps = RowSecurity.prepareStatement(app, org,
                        "select count(*), count(*) filter (where organization_id <> ?) from " + table)) {
                    ps.setObject(1, org.value());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertThat(rs.getLong(1)).as(table + " of the organization").isPositive();
                        assertThat(rs.getLong(2)).as(table + " of any other").isZero();
                    }
                }
            }
        }
        assertThat(sql("select count(distinct organization_id) > 1 from activities")).isEqualTo("t");
    }

    @Test
    void theDeployedSchemaIsDistributableByTenant() throws Exception {
        try (Connection c = DB.connect()) {
            assertThat(DistributableSchema.violations(c)).isEmpty();
        }
    }

    /** GET of an organization's export, which answers in JSON lines. */
    private static HttpResponse<String> export(String user, URI uri) {
        return DemoRequests.as(uri, user).header("Accept", "application/x-ndjson, application/problem+json")
                .send("GET", uri, null);
    }

    private static HttpResponse<String> as(String user, String method, URI uri, String body, String tenant) throws Exception {
        return DemoRequests.send(user, method, uri, tenant, body);
    }

    private URI api(String path) {
        return rootUrl("api/" + path);
    }

    private URI rootUrl(String path) {
        // the example is deployed at its WAR name's context root; health is served at the server root
        String b = base.toString();
        if (path.startsWith("health")) {
            return URI.create(b.substring(0, b.indexOf('/', "http://".length())) + "/" + path);
        }
        return URI.create(b.endsWith("/") ? b + path : b + "/" + path);
    }

    private static HttpResponse<String> send(String method, URI uri, String body) throws Exception {
        return DemoRequests.send(null, method, uri, null, body);
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    private static void execute(String statement) throws SQLException {
        try (Connection c = DB.connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static String sql(String query) throws SQLException {
        return ServerSupport.sql(query);
    }

}
