package dev.tenantry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tenantry.it.sample.SampleOrder;
import dev.tenantry.persistence.paging.PageRequest;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.tenancy.AccessDeniedException;
import dev.tenantry.tenancy.OrganizationNotFoundException;
import dev.tenantry.tenancy.Role;
import dev.tenantry.tenancy.TenantId;
import dev.tenantry.testing.TenantryDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sample application of {@link InContainerKitIT} tested in Java SE, with the kit's
 * {@link TenantryDatabase} and the public API only: its migration, its entity in a resource-local
 * unit, members of two organizations, isolation asserted three ways under row-level security.
 */
class SampleApplicationSeIT {

    @RegisterExtension
    static final TenantryDatabase DB = TenantryDatabase.forUnit("sample-se").migrations("classpath:sample/db");

    @Test
    void membersSeeAndWriteOnlyTheirOrganizationsOrders() {
        TenantId acme = DB.organization("se-acme", "alice");
        TenantId globex = DB.organization("se-globex", "gina");
        DB.member(acme, "vera", Role.VIEWER, "alice");
        DB.runAs("alice", acme, em -> new Repository<>(SampleOrder.class, em).save(new SampleOrder("A-1")));
        DB.runAs("gina", globex, em -> new Repository<>(SampleOrder.class, em).save(new SampleOrder("G-1")));

        List<SampleOrder> seen = DB.callAs("vera", acme,
                em -> new Repository<>(SampleOrder.class, em).page(PageRequest.of(0, 20)).items());
        assertEquals(List.of("A-1"), seen.stream().map(SampleOrder::getReference).toList());
        assertThrows(AccessDeniedException.class,
                () -> DB.runAs("vera", acme, em -> new Repository<>(SampleOrder.class, em).save(new SampleOrder("V-1"))));
        assertThrows(OrganizationNotFoundException.class,
                () -> DB.runAs("gina", acme, em -> new Repository<>(SampleOrder.class, em).count()));
        DB.assertIsolated(SampleOrder.class, acme, globex);
    }
}
