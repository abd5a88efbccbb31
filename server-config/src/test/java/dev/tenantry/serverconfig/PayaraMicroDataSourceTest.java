package dev.tenantry.serverconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.embedded.PostgresEndpoint;
import org.junit.jupiter.api.Test;

class PayaraMicroDataSourceTest {

    @Test
    void createsPoolAndResourceFromTheEndpoint() {
        String commands = PayaraMicroDataSource.commands(
                new PostgresEndpoint("jdbc:postgresql://db.internal:6543/orders", "app", "p:w=d"), "jdbc/tenantry");

        assertThat(commands.lines()).hasSize(2);
        assertThat(commands).contains("serverName=db.internal:portNumber=6543:databaseName=orders:user=app:password=p\\:w\\=d")
                .contains("logServerErrorDetail=false")
                .endsWith("create-jdbc-resource --connectionpoolid=TenantryPool jdbc/tenantry\n");
    }

    @Test
    void givesAPlaceholderForAnEmptyPasswordBecausePayaraRequiresOne() {
        assertThat(PayaraMicroDataSource.commands(new PostgresEndpoint("jdbc:postgresql://localhost/x", "postgres", ""),
                "jdbc/tenantry")).contains(":user=postgres:password=unused:");
    }

    @Test
    void rowSecurityGetsARuntimePoolAndAnOwnerPoolOfTheirOwn() {
        String commands = PayaraMicroDataSource.rowSecurityCommands(
                new PostgresEndpoint("jdbc:postgresql://db.internal:6543/orders", "postgres", "secret"));

        assertThat(commands.lines()).hasSize(4);
        assertThat(commands).contains(":user=tenantry_app:").contains(":user=tenantry_owner:").doesNotContain("secret")
                .contains("create-jdbc-resource --connectionpoolid=TenantryPool jdbc/tenantry\n")
                .contains("create-jdbc-resource --connectionpoolid=TenantryPool-jdbc-tenantry-owner jdbc/tenantry-owner\n");
    }
}
