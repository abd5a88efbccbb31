package dev.tenantry.audit;

import java.util.regex.Pattern;

/**
 * The activity types Tenantry writes itself. Applications use their own, any text matching
 * {@value #FORMAT} (e.g. {@code invoice.sent}); the plugin needs no list of them.
 */
public final class ActivityTypes {

    /** Allowed form of a type. */
    public static final String FORMAT = "^[a-z0-9][a-z0-9._-]*$";
    /** An audited entity was inserted. */
    public static final String CREATED = "created";
    /** An audited entity was updated; metadata holds the changed fields. */
    public static final String UPDATED = "updated";
    /** An audited entity was deleted (soft or hard). */
    public static final String DELETED = "deleted";
    /** A soft-deleted audited entity was restored. */
    public static final String RESTORED = "restored";
    /** Soft-deleted rows of an audited entity were purged; metadata holds the count. */
    public static final String PURGED = "purged";
    /** A bulk JPQL UPDATE on an audited entity; metadata holds the statement and the row count. */
    public static final String BULK_UPDATED = "bulk-updated";
    /** A bulk JPQL DELETE on an audited entity; metadata holds the statement and the row count. */
    public static final String BULK_DELETED = "bulk-deleted";
    /** A member joined an organization. */
    public static final String MEMBER_ADDED = "member.added";
    /** A member's role changed. */
    public static final String MEMBER_ROLE_CHANGED = "member.role-changed";
    /** A member left or was removed. */
    public static final String MEMBER_REMOVED = "member.removed";
    /** An organization was created. */
    public static final String ORGANIZATION_CREATED = "organization.created";
    /** An organization was (soft-)deleted. */
    public static final String ORGANIZATION_DELETED = "organization.deleted";
    /** Old activities were purged by retention; metadata holds the count and the cut-off. */
    public static final String ACTIVITIES_PURGED = "activities.purged";

    private static final Pattern PATTERN = Pattern.compile(FORMAT);

    private ActivityTypes() {
    }

    /**
     * @param type a type
     * @return it
     * @throws IllegalArgumentException naming the rule when it does not match {@link #FORMAT}
     */
    public static String check(String type) {
        if (type == null || !PATTERN.matcher(type).matches()) {
            throw new IllegalArgumentException("An activity type is lower-case letters, digits, '.', '_' and '-',"
                    + " starting with a letter or digit (e.g. invoice.sent); got '" + type + "'");
        }
        return type;
    }
}
