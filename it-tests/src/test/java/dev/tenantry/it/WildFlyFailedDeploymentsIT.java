package dev.tenantry.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.embedded.PostgresEndpoint;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@code FailingMigrationIT}, {@code MissingKeyIT} and {@code IdempotentOutsideTransactionIT}
 * check on Payara Micro, on WildFly, which reports a failed deployment as failed: a migration that
 * breaks, live mode without an encryption key, and {@code @Idempotent} over a method outside a
 * transaction each stop the deployment, and the broken migration leaves nothing behind. Run only
 * in the build's WildFly pass.
 */
@ExtendWith(ArquillianExtension.class)
class WildFlyFailedDeploymentsIT {

    private static final PostgresEndpoint DB = ServerSupport.database();

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = "broken-migration", managed = false, testable = false)
    static WebArchive brokenMigration() {
        return ShrinkWrap.create(WebArchive.class, "broken-migration.war").merge(ServerSupport.exampleWar())
                .addAsResource(new StringAsset("CREATE TABLE half_done (id int);\nINSERT INTO no_such_table VALUES (1);\n"),
                        "db/migration/V99__broken.sql");
    }

    @Deployment(name = "missing-key", managed = false, testable = false)
    static WebArchive missingKey() {
        return ShrinkWrap.create(WebArchive.class, "missing-key.war")
                .merge(ServerSupport.exampleWar("tenantry.mode=live\n"));
    }

    @Deployment(name = "idempotent-outside-transaction", managed = false, testable = false)
    static WebArchive idempotentOutsideTransaction() {
        return ShrinkWrap.create(WebArchive.class, "idempotent-outside-transaction.war").merge(ServerSupport.exampleWar())
                .addClass(UntransactedErasure.class);
    }

    @Test
    void aBrokenMigrationFailsTheDeploymentAndLeavesNothing() throws Exception {
        assertThatThrownBy(() -> deployer.deploy("broken-migration")).hasMessageContaining("V99__broken.sql");
        FailingMigrationIT.assertTheBrokenMigrationLeftNothing(DB);
    }

    @Test
    void idempotentOverAMethodOutsideATransactionFailsTheDeployment() {
        assertThatThrownBy(() -> deployer.deploy("idempotent-outside-transaction"))
                .hasMessageContaining("@Idempotent covers UntransactedErasure.erase (POST), which does not run in a transaction")
                .hasMessageNotContaining("UntransactedErasure.create");
    }

    @Test
    void liveModeWithoutAKeyFailsTheDeployment() {
        assertThatThrownBy(() -> deployer.deploy("missing-key")).hasMessageContaining("TENANTRY_CRYPTO_KEYS");
    }
}
