package dev.tenantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.it.engine.ColumnEncryptorProducer;
import jakarta.json.Json;
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
 * The example application with a {@code @ColumnEncryptor} CDI bean of its own (a pooled Jasypt
 * encryptor): Tenantry finds it at start-up and the encrypted column is written and read by it.
 */
@ExtendWith(ArquillianExtension.class)
class JasyptBeanEngineIT {


    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ServerSupport.exampleWar().addClass(ColumnEncryptorProducer.class);
    }

    @Test
    void theApplicationsBeanEncryptsTheColumn() throws Exception {
        String token = "tok_bean_" + UUID.randomUUID();
        HttpResponse<String> created = DemoRequests.send(null, "POST", api("connectors"), null,
                "{\"name\":\"bean-" + UUID.randomUUID() + "\",\"apiToken\":\"" + token + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Json.createReader(new StringReader(created.body())).readObject().getString("id");

        String stored = ServerSupport.sql("select api_token from connector_credentials where id = '" + id + "'");
        assertThat(stored).doesNotStartWith("tnc").doesNotContain(token);
        StandardPBEStringEncryptor plain = new StandardPBEStringEncryptor();
        plain.setAlgorithm("PBEWITHHMACSHA512ANDAES_256");
        plain.setIvGenerator(new RandomIvGenerator());
        plain.setPassword(ColumnEncryptorProducer.PASSWORD);
        assertThat(plain.decrypt(stored)).isEqualTo(token);
        HttpResponse<String> read = DemoRequests.send(null, "GET", api("connectors/" + id), null, null);
        assertThat(read.body()).contains(token.substring(token.length() - 4)).doesNotContain(token);
    }

    private URI api(String path) {
        String b = "http://127.0.0.1:" + base.getPort() + base.getPath();
        return URI.create((b.endsWith("/") ? b : b + "/") + "api/" + path);
    }
}
