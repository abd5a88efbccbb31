package dev.tenantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.jasypt.encryption.pbe.StandardPBEStringEncryptor;
import org.jasypt.iv.RandomIvGenerator;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example application switched to a Jasypt PBE engine by configuration only (its
 * {@code microprofile-config.properties}; no code changes): its encrypted column is written as
 * Jasypt writes it, values written by plain Jasypt read back through the API, and the API behaves as
 * with the default engine.
 */
@ExtendWith(ArquillianExtension.class)
class JasyptEngineIT {

    private static final String PASSWORD = "jasypt-engine-it-password";


    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ServerSupport.exampleWar("tenantry.mode=demo\n"
                + "resteasy.preferJacksonOverJsonB=false\n"
                + "tenantry.crypto.engine=jasypt-pbe\n"
                + "tenantry.crypto.jasypt.password=" + PASSWORD + "\n"
                + "tenantry.crypto.jasypt.algorithm=PBEWITHHMACSHA512ANDAES_256\n"
                + "tenantry.crypto.jasypt.pool-size=2\n");
    }

    @Test
    void theConnectorTokenIsWrittenByJasyptAndReadBack() throws Exception {
        String token = "tok_jasypt_" + UUID.randomUUID();
        HttpResponse<String> created = DemoRequests.send(null, "POST", api("connectors"), null,
                "{\"name\":\"jasypt-" + UUID.randomUUID() + "\",\"apiToken\":\"" + token + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created.body()).getString("id");

        String stored = ServerSupport.sql("select api_token from connector_credentials where id = '" + id + "'");
        assertThat(stored).doesNotStartWith("tnc").doesNotContain(token);
        assertThat(jasypt().decrypt(stored)).isEqualTo(token);
        assertThat(json(DemoRequests.send(null, "GET", api("connectors/" + id), null, null).body()).getString("tokenHint"))
                .isEqualTo("…" + token.substring(token.length() - 4));
    }

    @Test
    void aValueWrittenByPlainJasyptBeforeTenantryReadsThroughTheApi() throws Exception {
        UUID id = UUID.randomUUID();
        String token = "tok_from_before_" + id;
        ServerSupport.sql("insert into connector_credentials (id, created_at, updated_at, version, name, api_token) values ('"
                + id + "', now(), now(), 1, 'legacy-" + id + "', '" + jasypt().encrypt(token) + "') returning id");
        HttpResponse<String> read = DemoRequests.send(null, "GET", api("connectors/" + id), null, null);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(json(read.body()).getString("tokenHint")).isEqualTo("…" + token.substring(token.length() - 4));
    }

    private static StandardPBEStringEncryptor jasypt() {
        StandardPBEStringEncryptor e = new StandardPBEStringEncryptor();
        e.setAlgorithm("PBEWITHHMACSHA512ANDAES_256");
        e.setIvGenerator(new RandomIvGenerator());
        e.setPassword(PASSWORD);
        return e;
    }

    private URI api(String path) {
        String b = "http://127.0.0.1:" + base.getPort() + base.getPath();
        return URI.create((b.endsWith("/") ? b : b + "/") + "api/" + path);
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }
}
