package dev.tenantry.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.persistence.paging.PageRequest;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.tenancy.AccessDeniedException;
import dev.tenantry.tenancy.OrganizationNotFoundException;
import dev.tenantry.tenancy.Role;
import dev.tenantry.tenancy.TenantId;
import dev.tenantry.testing.shop.Purchase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kit used as an application's test uses it, on real PostgreSQL under row-level security. */
class TenantryDatabaseTest {

    // README:begin
    @RegisterExtension
    static final TenantryDatabase DB = TenantryDatabase.forUnit("shop").migrations("classpath:db/shop");

    @Test
    void membersSeeOnlyTheirOrganizationsPurchases() {
        TenantId acme = DB.organization("acme", "alice");
        TenantId globex = DB.organization("globex", "gina");
        DB.runAs("alice", acme, em -> new Repository<>(Purchase.class, em).save(new Purchase("A-1")));
        DB.runAs("gina", globex, em -> new Repository<>(Purchase.class, em).save(new Purchase("G-1")));

        List<Purchase> seen = DB.callAs("alice", acme,
                em -> new Repository<>(Purchase.class, em).page(PageRequest.of(0, 20)).items());
        assertThat(seen).extracting(Purchase::getReference).containsExactly("A-1");
        DB.assertIsolated(Purchase.class, acme, globex);
    }
    // README:end

    @Test
    void rolesApplyAsInARequestAndAFailedWorkLeavesNothing() {
        TenantId initech = DB.organization("initech", "irene");
        DB.member(initech, "vera", Role.VIEWER, "irene");

        assertThatThrownBy(() -> DB.runAs("vera", initech, em -> em.persist(new Purchase("V-1"))))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> DB.runAs("mallory", initech, em -> new Repository<>(Purchase.class, em).page(PageRequest.of(0, 20)).items()))
                .isInstanceOf(OrganizationNotFoundException.class);
        assertThatThrownBy(() -> DB.runAs("irene", initech, em -> {
            new Repository<>(Purchase.class, em).save(new Purchase("I-1"));
            em.flush();
            throw new IllegalStateException("the work fails after its write");
        })).hasMessage("the work fails after its write");
        assertThat(DB.rows("SELECT count(*) FROM purchases WHERE organization_id = '" + initech.value() + "'"))
                .containsExactly("0");
        long visible = DB.callAs("vera", initech, em -> new Repository<>(Purchase.class, em).count());
        assertThat(visible).isZero();
    }

    @Test
    void theIsolationAssertionFailsWhenThereIsNothingToHideOrRowSecurityIsOff() {
        TenantId hooli = DB.organization("hooli", "hank");
        TenantId empty = DB.organization("empty", "emma");
        DB.runAs("hank", hooli, em -> em.persist(new Purchase("H-1")));
        assertThatThrownBy(() -> DB.assertIsolated(Purchase.class, hooli, empty))
                .isInstanceOf(AssertionError.class).hasMessageContaining("nothing whose isolation could be checked");

        DB.runAs("emma", empty, em -> em.persist(new Purchase("E-1")));
        DB.assertIsolated(Purchase.class, hooli, empty);
        DB.execute("ALTER TABLE purchases DISABLE ROW LEVEL SECURITY");
        try {
            assertThatThrownBy(() -> DB.assertIsolated(Purchase.class, hooli, empty))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("row-level security does not hold");
        } finally {
            DB.execute("ALTER TABLE purchases ENABLE ROW LEVEL SECURITY");
        }
        DB.assertIsolated(Purchase.class, hooli, empty);
    }
}
