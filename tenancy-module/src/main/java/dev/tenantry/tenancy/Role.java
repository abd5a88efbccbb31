package dev.tenantry.tenancy;

/** A member's role in an organization, strongest first: OWNER > ADMIN > MEMBER > VIEWER. */
public enum Role {
    /** Everything, including managing owners and deleting the organization. */
    OWNER,
    /** Manages members (not owners) and all data. */
    ADMIN,
    /** Reads and writes data. */
    MEMBER,
    /** Reads data only. */
    VIEWER;

    /**
     * @param required the weakest role allowed
     * @return whether this role is {@code required} or stronger
     */
    public boolean atLeast(Role required) {
        return ordinal() <= required.ordinal();
    }
}
