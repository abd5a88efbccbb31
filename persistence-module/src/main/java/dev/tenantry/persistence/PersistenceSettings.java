package dev.tenantry.persistence;

/**
 * Every configuration key of the persistence module, with its default.
 *
 * <p>Keys are read through MicroProfile Config where the server has it, else from system
 * properties, else from environment variables; the environment name is the key upper-cased with
 * dots and dashes turned into underscores ({@code tenantry.mode} → {@code TENANTRY_MODE}).
 * Invalid values fail the deployment with a message naming the key.
 */
public final class PersistenceSettings {

    /**
     * JNDI name of the DataSource that migrations, settings and health checks use. It should be the
     * persistence unit's {@code jta-data-source}. Default {@value #DEFAULT_DATASOURCE}.
     * Example: {@code java:app/jdbc/orders}.
     */
    public static final String DATASOURCE = "tenantry.datasource";
    /**
     * JNDI name of the DataSource migrations run on, when they must run as another role than the
     * application (the schema owner, with row-level security). Default: {@link #DATASOURCE}.
     * Example: {@code jdbc/tenantry-owner}.
     */
    public static final String MIGRATION_DATASOURCE = "tenantry.migration.datasource";
    /** Default for {@link #DATASOURCE}. */
    public static final String DEFAULT_DATASOURCE = "jdbc/tenantry";

    /**
     * Whether migrations run at deployment: {@code true} (default) or {@code false} (for
     * deployments where a separate job migrates).
     */
    public static final String MIGRATION_ENABLED = "tenantry.migration.enabled";

    /**
     * Comma-separated Flyway locations of the application's own migrations, run after the plugin's.
     * Default {@value #DEFAULT_APPLICATION_MIGRATIONS}. Example: {@code classpath:db/migration,classpath:db/reports}.
     */
    public static final String APPLICATION_MIGRATIONS = "tenantry.migration.locations";
    /** Default for {@link #APPLICATION_MIGRATIONS}. */
    public static final String DEFAULT_APPLICATION_MIGRATIONS = "classpath:db/migration";

    /**
     * Flyway history table of the application's own migrations. Default {@code flyway_schema_history};
     * give each application its own when several share one schema. Example: {@code billing_schema_history}.
     */
    public static final String APPLICATION_HISTORY_TABLE = "tenantry.migration.table";

    /**
     * The application mode, {@code live} (default) or {@code demo}: the one source every Tenantry
     * module reads (demo seeds run, and encryption may generate a throw-away key, in demo mode only).
     * Tenantry records it in {@code app_settings} at start-up, and warns when a database that ran live
     * starts in demo mode. Example: {@code TENANTRY_MODE=demo}.
     */
    public static final String MODE = "tenantry.mode";

    /**
     * Whether seeds run at deployment, after migrations: {@code true} (default) or {@code false}.
     */
    public static final String SEED_ENABLED = "tenantry.seed.enabled";

    /**
     * How long soft-deleted rows are kept before {@code purge} may remove them, as an ISO-8601
     * duration. Default {@value #DEFAULT_SOFT_DELETE_RETENTION} (30 days). Example: {@code P90D}.
     */
    public static final String SOFT_DELETE_RETENTION = "tenantry.soft-delete.retention";
    /** Default for {@link #SOFT_DELETE_RETENTION}. */
    public static final String DEFAULT_SOFT_DELETE_RETENTION = "P30D";

    /**
     * The largest request body, in bytes, that a JAX-RS resource of the application accepts; larger
     * ones are refused with 413 before they are read whole. Default {@value #DEFAULT_MAX_BODY_BYTES}
     * (1 MiB); {@code 0} turns the limit off. Example: {@code TENANTRY_HTTP_MAX_BODY_BYTES=262144}.
     */
    public static final String MAX_BODY_BYTES = "tenantry.http.max-body-bytes";
    /** Default of {@link #MAX_BODY_BYTES}. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1_048_576;

    /**
     * Whether entities extending {@code BaseEntity} may live in EclipseLink's shared (second-level)
     * cache. Default {@code false}: several servers share one database, and a cached row another server
     * changed — a member demoted, an organization deleted — would be served stale until it expired.
     * {@code true} restores EclipseLink's default for a single server that is the only writer of its
     * database. Either way an entity annotated {@code @Cacheable(true)} or {@code @Cacheable(false)}
     * keeps what it says, and tenant entities are never shared-cached (EclipseLink isolates them).
     * Read when the persistence unit deploys. Example: {@code TENANTRY_CACHE_SHARED=true}.
     */
    public static final String CACHE_SHARED = "tenantry.cache.shared";

    /**
     * How often the scheduled maintenance jobs run (soft-delete purge, activity retention, and every
     * {@code MaintenanceJob} bean of the application), as an ISO-8601 duration; unset (default) runs
     * none. Every server schedules them, one runs each: a job runs only when no server is running it
     * and none finished it successfully within the last nine tenths of the period. Each run is recorded
     * in {@code job_runs}. Example: {@code TENANTRY_MAINTENANCE_EVERY=PT24H}.
     */
    public static final String MAINTENANCE_EVERY = "tenantry.maintenance.every";

    /**
     * Rows per statement (and, for purges, per transaction) of the scheduled maintenance jobs. Default
     * {@value #DEFAULT_MAINTENANCE_BATCH}.
     */
    public static final String MAINTENANCE_BATCH = "tenantry.maintenance.batch";
    /** Default of {@link #MAINTENANCE_BATCH}. */
    public static final int DEFAULT_MAINTENANCE_BATCH = 500;

    private PersistenceSettings() {
    }
}
