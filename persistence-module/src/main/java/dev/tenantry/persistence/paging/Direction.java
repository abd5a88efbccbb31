package dev.tenantry.persistence.paging;

/** Sort direction. */
public enum Direction {
    /** Smallest first. */
    ASC,
    /** Largest first. */
    DESC
}
