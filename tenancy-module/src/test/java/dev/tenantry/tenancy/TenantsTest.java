package dev.tenantry.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TenantsTest {

    private static final TenantId A = new TenantId(UUID.randomUUID());
    private static final TenantId B = new TenantId(UUID.randomUUID());

    @Test
    void runAsSetsNestsAndRestores() throws Exception {
        assertThat(Tenants.current()).isEmpty();
        String seen = Tenants.callAs(A, () -> Tenants.current().orElseThrow() + "/"
                + Tenants.callAs(B, () -> Tenants.current().orElseThrow()) + "/" + Tenants.current().orElseThrow());
        assertThat(seen).isEqualTo(A + "/" + B + "/" + A);
        assertThat(Tenants.current()).isEmpty();
    }

    @Test
    void aFailingWorkLeavesNoTenantBehind() {
        assertThatThrownBy(() -> Tenants.runAs(A, () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(Tenants.current()).isEmpty();
    }

    @Test
    void requireFailsClosedWithAMessageSayingWhatToDo() {
        assertThatThrownBy(() -> Tenants.require("listing projects"))
                .isInstanceOf(TenantNotResolvedException.class)
                .hasMessageStartingWith("No tenant is set for listing projects. Run it inside Tenants.callAs");
    }

    @Test
    void propagateCarriesTheTenantIntoAnotherThreadAndClearsItAfterwards() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            String inside = Tenants.callAs(A, () -> pool.submit(Tenants.propagate(() -> Tenants.current().map(TenantId::toString)
                    .orElse("none"))).get());
            String afterwards = pool.submit(() -> Tenants.current().map(TenantId::toString).orElse("none")).get();
            String unwrapped = Tenants.callAs(B, () -> pool.submit(() -> Tenants.current().map(TenantId::toString)
                    .orElse("none")).get());

            assertThat(inside).isEqualTo(A.toString());
            assertThat(afterwards).isEqualTo("none");
            assertThat(unwrapped).as("async work does not inherit a tenant unless propagated").isEqualTo("none");
        } finally {
            pool.shutdown();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void propagateCarriesTheMemberAndRoleNotOnlyTheTenant() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            TenantContext viewer = new TenantContext(A, "vera", Role.VIEWER);
            TenantContext inside = Tenants.callAs(viewer, () -> pool.submit(Tenants.propagate(
                    () -> Tenants.currentContext().orElseThrow())).get());
            assertThat(inside).isEqualTo(viewer);
            assertThat(pool.submit(() -> Tenants.currentContext().isPresent()).get()).isFalse();
            assertThat(Tenants.callAs(A, () -> Tenants.currentContext().orElseThrow().isSystem())).isTrue();
        } finally {
            pool.shutdown();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aContextNamesPrincipalAndRoleTogether() {
        assertThatThrownBy(() -> new TenantContext(A, "vera", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TenantContext(A, null, Role.ADMIN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tenantIdsParseOnlyUuids() {
        assertThat(TenantId.parse(" " + A + " ")).isEqualTo(A);
        assertThatThrownBy(() -> TenantId.parse("acme")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("organization UUID");
    }
}
