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

    private TenancySettings() {
    }
}
