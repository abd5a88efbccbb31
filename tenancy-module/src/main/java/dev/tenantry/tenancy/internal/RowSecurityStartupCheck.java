package dev.tenantry.tenancy.internal;

import dev.tenantry.persistence.internal.Config;
import dev.tenantry.persistence.spi.StartupCheck;
import dev.tenantry.tenancy.RowSecurity;
import dev.tenantry.tenancy.TenancySettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * Secure by default: at start-up, every tenant table has Tenantry's row-level security policy with
 * FORCE, and the runtime pool's role can bypass none of it ({@link RowSecurity#problemsOf}). Live
 * deployments with problems fail unless {@link TenancySettings#ROW_SECURITY_WAIVE} is set.
 */
public final class RowSecurityStartupCheck implements StartupCheck {

    @Override
    public String name() {
        return "row-security";
    }

    @Override
    public List<String> problems(DataSource runtime) throws SQLException {
        try (Connection c = runtime.getConnection()) {
            return RowSecurity.problemsOf(c);
        }
    }

    @Override
    public boolean waived() {
        return Config.getBoolean(TenancySettings.ROW_SECURITY_WAIVE, false);
    }

    @Override
    public String waiverSetting() {
        return TenancySettings.ROW_SECURITY_WAIVE;
    }
}
