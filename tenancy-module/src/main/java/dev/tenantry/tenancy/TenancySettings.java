package dev.tenantry.tenancy;

/** Names shared with EclipseLink and the database; every one is part of the contract. */
public final class TenancySettings {

    /**
     * The EntityManager property carrying the tenant ({@link java.util.UUID}); EclipseLink's
     * tenant discriminator reads it. Set by {@link TenantEntityManagers}; never change it on a live
     * EntityManager.
     */
    public static final String TENANT_PROPERTY = "tenantry.tenant-id";

    /** The tenant column of every tenant table: {@code organization_id uuid NOT NULL}, part of the primary key. */
    public static final String TENANT_COLUMN = "organization_id";

    /**
     * The EntityManager property carrying the caller's {@link Role} in the tenant (its name, e.g.
     * {@code "VIEWER"}). With {@code VIEWER}, every insert, update and delete of a tenant entity
     * through that EntityManager is refused with {@link AccessDeniedException} before any SQL runs.
     * Absent: no role check (system work such as jobs). Set by the {@link ForTenant} EntityManager
     * from the request's role.
     */
    public static final String ROLE_PROPERTY = "tenantry.tenant-role";

    /**
     * MicroProfile Config key: the claim of a MicroProfile JWT caller that names the organization
     * (its id or slug). Default {@value #DEFAULT_JWT_CLAIM}.
     */
    public static final String JWT_CLAIM = "tenantry.tenant.jwt-claim";
    /** Default for {@link #JWT_CLAIM}. */
    public static final String DEFAULT_JWT_CLAIM = "org_id";

    /**
     * Configuration key: {@code true} starts a live deployment although the row-level security
     * start-up check found problems (a tenant table without Tenantry's policy or FORCE, a runtime role
     * that is superuser, BYPASSRLS or an owner). Default {@code false}: such a deployment fails, with
     * the problems in the message. Demo mode only logs them. Example: {@code TENANTRY_ROW_SECURITY_WAIVE=true}
     * for an application that isolates tenants by EclipseLink alone, knowingly.
     */
    public static final String ROW_SECURITY_WAIVE = "tenantry.row-security.waive";

    private TenancySettings() {
    }
}
