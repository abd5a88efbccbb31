package dev.tenantry.persistence.spi;

import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * A check of the database's security set-up that Tenantry runs at start-up, after migrations, on the
 * runtime pool (the {@code tenantry.datasource}). Tenantry's tenancy module ships one for row-level
 * security. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.tenantry.persistence.spi.StartupCheck}).
 *
 * <p>In live mode a problem fails the deployment unless the check is {@linkplain #waived() waived};
 * in demo mode, or waived, each problem is logged as a warning. The readiness check reports the
 * count. Implementations must be thread-safe.
 */
public interface StartupCheck {

    /** @return a short name for logs and readiness, e.g. {@code row-security} */
    String name();

    /**
     * @param runtime the pool the application works on
     * @return each problem found, as a sentence that says what to do; empty when all is well
     * @throws SQLException when the database cannot be asked
     */
    List<String> problems(DataSource runtime) throws SQLException;

    /**
     * @return whether the operator chose, by the check's documented setting, to start in live mode
     *         despite its problems
     */
    boolean waived();

    /** @return the setting that waives the check, for the message that names it */
    String waiverSetting();
}
