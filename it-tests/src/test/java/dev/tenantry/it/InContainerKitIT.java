package dev.tenantry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.incontainer.EntityManagers;
import dev.tenantry.it.matrix.MatrixProject;
import dev.tenantry.it.matrix.MatrixTask;
import dev.tenantry.it.matrix.Tx;
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
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tests that run inside the server (Payara Micro, then WildFly), written as an application's own
 * would be with {@code tenantry-testing}: the WAR from {@link TenantryArchives}, the
 * {@code @ForTenant Repository} injected into the test, members of two organizations acting with
 * their roles through {@code Tenants.callAs}, row-level security in force.
 */
@ExtendWith(ArquillianExtension.class)
class InContainerKitIT {

    // README:begin
    @Deployment
    static WebArchive deployment() {
        ServerSupport.database();   // README:skip it-tests' own database and server set-up
        return TenantryArchives.war("incontainer.war")
                .addClasses(MatrixProject.class, MatrixTask.class, Tx.class, EntityManagers.class)
                .addAsResource("matrix/persistence.xml", "META-INF/persistence.xml")
                .addAsResource(new StringAsset("tenantry.mode=demo\ntenantry.migration.locations=classpath:db/matrix\n"
                        + "tenantry.migration.table=matrix_schema_history\n"), "META-INF/microprofile-config.properties")
                .addAsResource("matrix/db/V1__matrix.sql", "db/matrix/V1__matrix.sql");
    }

    @Inject
    @ForTenant
    Repository<MatrixProject> projects;

    @Inject
    EntityManager em;

    @Inject
    Tx tx;

    @Test
    void membersWorkThroughTheInjectedRepositoryAndSeeOnlyTheirOrganization() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        TenantId acme = tx.call(() -> new OrganizationService(em).create("Acme " + run, "ic-acme-" + run, "alice").tenantId());
        TenantId globex = tx.call(() -> new OrganizationService(em).create("Globex " + run, "ic-globex-" + run, "gina").tenantId());
        tx.call(() -> new OrganizationService(em).invite(acme, "vera", Role.VIEWER, "alice"));
        TenantContext alice = new TenantContext(acme, "alice", Role.OWNER);
        TenantContext gina = new TenantContext(globex, "gina", Role.OWNER);
        TenantContext vera = new TenantContext(acme, "vera", Role.VIEWER);

        UUID ofAcme = Tenants.callAs(alice, () -> tx.call(() -> projects.save(new MatrixProject("acme " + run)).getId()));
        UUID ofGlobex = Tenants.callAs(gina, () -> tx.call(() -> projects.save(new MatrixProject("globex " + run)).getId()));

        Tenants.runAs(alice, () -> {
            assertTrue(projects.find(ofAcme).isPresent());
            assertTrue(projects.find(ofGlobex).isEmpty(), "another organization's project is not found by id");
            assertEquals(1, projects.count());
        });
        Tenants.runAs(gina, () -> assertTrue(projects.find(ofAcme).isEmpty()));
        Tenants.runAs(vera, () -> {
            assertTrue(projects.find(ofAcme).isPresent(), "a viewer reads");
            assertThrows(AccessDeniedException.class, () -> tx.call(() -> projects.save(new MatrixProject("viewer " + run))));
            assertEquals(1, projects.count(), "the refused write left nothing");
        });
        assertThrows(TenantNotResolvedException.class, () -> projects.find(ofAcme), "no tenant: fails closed");
    }
    // README:end
}
