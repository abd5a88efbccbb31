package dev.tenantry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.sample.SampleBeans;
import dev.tenantry.it.sample.SampleOrder;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.tenancy.AccessDeniedException;
import dev.tenantry.tenancy.ForTenant;
import dev.tenantry.tenancy.OrganizationService;
import dev.tenantry.tenancy.Role;
import dev.tenantry.tenancy.TenantContext;
import dev.tenantry.tenancy.TenantId;
import dev.tenantry.tenancy.TenantNotResolvedException;
import dev.tenantry.tenancy.Tenants;
import dev.tenantry.testing.arquillian.TenantryArchives;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A sample application's own in-container tests (run inside Payara Micro, then WildFly), written with
 * {@code tenantry-testing} and Tenantry's public API only: the WAR from {@link TenantryArchives}, the
 * {@code @ForTenant Repository} injected into the test, members of two organizations acting with their
 * roles through {@code Tenants.callAs}/{@code runAs}, row-level security in force. The sample (package
 * {@code sample}, resources under {@code sample/}) is an entity, its migration, its unit and the
 * EntityManager bean every application declares; the suite's database and servers are set up once
 * for all suites by {@link ServerSupport}, with the kit's {@code PayaraMicroSetup} and
 * {@code WildFlySetup}.
 */
@ExtendWith(ArquillianExtension.class)
class InContainerKitIT {

    // README:begin
    @Deployment
    static WebArchive deployment() {
        return TenantryArchives.war("sample.war")
                .addClasses(SampleOrder.class, SampleBeans.class)
                .addAsResource("sample/persistence.xml", "META-INF/persistence.xml")
                .addAsResource("sample/microprofile-config.properties", "META-INF/microprofile-config.properties")
                .addAsResource("sample/db/V1__sample_orders.sql", "db/sample/V1__sample_orders.sql");
    }

    @Inject
    @ForTenant
    Repository<SampleOrder> orders;

    @Inject
    EntityManager em;

    @Inject
    SampleBeans tx;

    @Test
    void membersWorkThroughTheInjectedRepositoryAndSeeOnlyTheirOrganization() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        TenantId acme = tx.inTransaction(() -> new OrganizationService(em).create("Acme " + run, "s-acme-" + run, "alice").tenantId());
        TenantId globex = tx.inTransaction(() -> new OrganizationService(em).create("Globex " + run, "s-globex-" + run, "gina").tenantId());
        tx.inTransaction(() -> new OrganizationService(em).invite(acme, "vera", Role.VIEWER, "alice"));
        TenantContext alice = new TenantContext(acme, "alice", Role.OWNER);
        TenantContext gina = new TenantContext(globex, "gina", Role.OWNER);
        TenantContext vera = new TenantContext(acme, "vera", Role.VIEWER);

        UUID ofAcme = Tenants.callAs(alice, () -> tx.inTransaction(() -> orders.save(new SampleOrder("A-" + run)).getId()));
        UUID ofGlobex = Tenants.callAs(gina, () -> tx.inTransaction(() -> orders.save(new SampleOrder("G-" + run)).getId()));

        Tenants.runAs(alice, () -> {
            assertTrue(orders.find(ofAcme).isPresent());
            assertTrue(orders.find(ofGlobex).isEmpty(), "another organization's order is not found by id");
            assertEquals(1, orders.count());
        });
        Tenants.runAs(gina, () -> assertTrue(orders.find(ofAcme).isEmpty()));
        Tenants.runAs(vera, () -> {
            assertTrue(orders.find(ofAcme).isPresent(), "a viewer reads");
            assertThrows(AccessDeniedException.class, () -> tx.inTransaction(() -> orders.save(new SampleOrder("V-" + run))));
            assertEquals(1, orders.count(), "the refused write left nothing");
        });
        assertThrows(TenantNotResolvedException.class, () -> orders.find(ofAcme), "no tenant: fails closed");
    }
    // README:end
}
