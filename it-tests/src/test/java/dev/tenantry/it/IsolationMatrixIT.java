package dev.tenantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.it.matrix.IsolationChecks;
import dev.tenantry.it.matrix.MatrixData;
import dev.tenantry.tenancy.TenantId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tenant isolation matrix inside Payara Micro, on the server's own EclipseLink, through the
 * injected {@code @ForTenant} EntityManager and repositories: one test per query path (see
 * {@link IsolationChecks}), each on fresh overlapping data of two tenants.
 */
@ExtendWith(ArquillianExtension.class)
class IsolationMatrixIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ISSUER = "https://tenantry.test";
    private static final KeyPair KEYS = rsaKeys();

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        WebArchive war = ShrinkWrap.create(WebArchive.class, "matrix.war")
                .addPackage(IsolationChecks.class.getPackage())
                .addAsResource("matrix/persistence.xml", "META-INF/persistence.xml")
                .addAsResource(new StringAsset(config()), "META-INF/microprofile-config.properties")
                .addAsResource("matrix/db/V1__matrix.sql", "db/matrix/V1__matrix.sql")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
        // the Tenantry jars and their dependencies exactly as the example application ships them
        ServerSupport.exampleWar().getContent(path -> path.get().startsWith("/WEB-INF/lib/")
                        && !path.get().contains("tenantry-crypto"))
                .forEach((path, node) -> war.add(node.getAsset(), path));
        return war;
    }

    /** The deployment's settings, plus the MicroProfile JWT key and issuer of {@link #token}. */
    private static String config() {
        try (var in = IsolationMatrixIT.class.getClassLoader().getResourceAsStream("matrix/microprofile-config.properties")) {
            String pem = "-----BEGIN PUBLIC KEY-----\\n"
                    + Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded()) + "\\n-----END PUBLIC KEY-----";
            return new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\nmp.jwt.verify.publickey=" + pem
                    + "\nmp.jwt.verify.issuer=" + ISSUER + "\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> checks() {
        return IsolationChecks.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void tenantBNeverSeesOrChangesTenantARows(String check) throws Exception {
        HttpResponse<String> outcome = HTTP.send(HttpRequest.newBuilder(URI.create(base + "matrix/checks/" + check))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(outcome.body()).as("check %s (HTTP %d)", check, outcome.statusCode()).isEqualTo("passed");
    }

    @Test
    void aJwtCallersOrganizationClaimSelectsTheTenantWhenTheyAreAMember() throws Exception {
        membership("jwt-alice", MatrixData.B, "MEMBER");
        HttpResponse<String> member = whoami(token("jwt-alice", "matrix-b"), null);
        assertThat(member.statusCode()).as(member.body()).isEqualTo(200);
        assertThat(member.body()).isEqualTo(MatrixData.B + "|jwt-alice|MEMBER");

        // a claim naming an organization the caller is not a member of: the same 404 as an unknown one
        HttpResponse<String> foreign = whoami(token("jwt-alice", "matrix-a"), null);
        HttpResponse<String> unknown = whoami(token("jwt-alice", "no-such-org"), null);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(ServerSupport.withoutCorrelationId(foreign.body()).replace("matrix-a", "X"))
                .isEqualTo(ServerSupport.withoutCorrelationId(unknown.body()).replace("no-such-org", "X"));

        // the X-Tenant header comes first; no claim and no header: 400; no token: 401
        assertThat(whoami(token("jwt-alice", "matrix-a"), "matrix-b").body()).isEqualTo(MatrixData.B + "|jwt-alice|MEMBER");
        assertThat(whoami(token("jwt-alice", null), null).statusCode()).isEqualTo(400);
        assertThat(whoami(null, "matrix-b").statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> whoami(String token, String header) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "matrix/jwt/whoami"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (header != null) {
            request.header("X-Tenant", header);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A signed MicroProfile JWT for {@code principal}, with {@code org_id} when given. */
    private static String token(String principal, String organization) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + principal + "\",\"upn\":\"" + principal
                + "\",\"groups\":[\"user\"],\"iat\":" + now + ",\"exp\":" + (now + 600) + ",\"jti\":\""
                + UUID.randomUUID() + "\"" + (organization == null ? "" : ",\"org_id\":\"" + organization + "\"") + "}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(KEYS.getPrivate());
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(rsa.sign());
    }

    private static void membership(String principal, TenantId org, String role) throws SQLException {
        try (Connection c = ServerSupport.database().connect(); Statement s = c.createStatement()) {
            for (TenantId t : List.of(MatrixData.A, MatrixData.B)) {
                String x = t.equals(MatrixData.A) ? "a" : "b";
                s.execute("INSERT INTO organizations VALUES ('" + t + "', now(), now(), 1, NULL, 'Matrix " + x + "', 'matrix-"
                        + x + "') ON CONFLICT DO NOTHING");
            }
            s.execute("INSERT INTO memberships VALUES ('" + org + "', gen_random_uuid(), now(), now(), 1, '" + principal + "', '"
                    + role + "') ON CONFLICT DO NOTHING");
        }
    }
}
