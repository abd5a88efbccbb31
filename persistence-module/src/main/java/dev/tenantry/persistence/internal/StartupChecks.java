package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.settings.AppMode;
import dev.tenantry.persistence.metrics.TenantryMetrics;
import dev.tenantry.persistence.spi.StartupCheck;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import javax.sql.DataSource;

/**
 * Runs the {@link StartupCheck}s at start-up: problems fail a live deployment unless waived, and are
 * logged as warnings otherwise. The findings stay available for the readiness check.
 */
public final class StartupChecks {

    private static final System.Logger LOG = System.getLogger(StartupChecks.class.getName());

    private StartupChecks() {
    }

    /**
     * @param runtime the runtime pool
     * @param mode    the application mode
     * @return every problem found, prefixed with its check's name
     * @throws TenantryException in live mode, when a check that is not waived finds a problem or
     *                           cannot run
     */
    public static List<String> run(DataSource runtime, AppMode mode) {
        List<String> all = new ArrayList<>();
        for (StartupCheck check : ServiceLoader.load(StartupCheck.class, StartupChecks.class.getClassLoader())) {
            List<String> problems;
            try {
                problems = check.problems(runtime);
            } catch (SQLException | RuntimeException e) {
                String state = e instanceof SQLException sql ? " (SQLState " + sql.getSQLState() + ")" : "";
                problems = List.of("the check could not run" + state);
            }
            TenantryMetrics.gauge(TenantryMetrics.STARTUP_PROBLEMS, "Problems the start-up checks found",
                    "check", check.name()).set(problems.size());
            if (problems.isEmpty()) {
                LOG.log(Level.INFO, "Tenantry start-up check " + check.name() + ": no problems");
                continue;
            }
            boolean enforced = mode == AppMode.LIVE && !check.waived();
            if (enforced) {
                throw new TenantryException("Tenantry start-up check " + check.name() + " failed in live mode: "
                        + String.join("; ", problems) + ". Fix these (see the README, \"Row-level security\"), or set "
                        + check.waiverSetting() + "=true (environment " + Config.envName(check.waiverSetting())
                        + ") to start anyway without that protection.");
            }
            for (String problem : problems) {
                LOG.log(Level.WARNING, "Tenantry start-up check " + check.name() + ": " + problem
                        + (mode == AppMode.DEMO ? " (demo mode: not enforced)" : " (waived by " + check.waiverSetting() + ")"));
                all.add(check.name() + ": " + problem);
            }
        }
        return List.copyOf(all);
    }
}
