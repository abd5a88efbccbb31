package dev.tenantry.persistence.migration;

/**
 * What one run applied.
 *
 * @param pluginApplied      plugin migrations applied by this run
 * @param applicationApplied application migrations applied by this run
 * @param pluginVersion      plugin schema version afterwards (or "none")
 * @param applicationVersion application schema version afterwards (or "none")
 */
public record MigrationReport(int pluginApplied, int applicationApplied, String pluginVersion,
                              String applicationVersion) {
}
