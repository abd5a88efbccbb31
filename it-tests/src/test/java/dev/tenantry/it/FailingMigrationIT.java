package dev.tenantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.embedded.PostgresEndpoint;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A migration that fails makes the deployment fail: the application never serves a request, and the
 * broken migration leaves nothing behind.
 *
 * <p>Payara Micro logs the failure but still reports the archive as deployed, so the Arquillian
 * connector raises no DeploymentException; this test checks what a client and the database see.
 */
@ExtendWith(ArquillianExtension.class)
class FailingMigrationIT {

    private static final PostgresEndpoint DB = ServerSupport.database();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ServerSupport.exampleWar()
                .addAsResource(new StringAsset("CREATE TABLE half_done (id int);\nINSERT INTO no_such_table VALUES (1);\n"),
                        "db/migration/V99__broken.sql");
    }

    @Test
    void applicationIsNotServedAndTheBrokenMigrationLeftNothing() throws Exception {
        ServerSupport.assertNotServed(base);
        assertTheBrokenMigrationLeftNothing(DB);
    }

    /** @param db the database the broken migration ran against */
    static void assertTheBrokenMigrationLeftNothing(PostgresEndpoint db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select to_regclass('half_done') is null,"
                     + " not exists (select 1 from flyway_schema_history where version = '99')")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("statement before the failure rolled back").isTrue();
            assertThat(rs.getBoolean(2)).as("failed migration not recorded as applied").isTrue();
        }
    }
}
