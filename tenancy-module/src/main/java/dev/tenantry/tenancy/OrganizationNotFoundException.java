package dev.tenantry.tenancy;

import dev.tenantry.persistence.TenantryException;

/**
 * No live organization with that id or slug, <em>or</em> the caller is not a member of it: the two
 * are deliberately indistinguishable, so a non-member cannot learn that an organization exists.
 * A client error (HTTP 404). Immutable.
 */
public final class OrganizationNotFoundException extends TenantryException {

    private static final long serialVersionUID = 1L;

    /** @param reference the id or slug asked for */
    public OrganizationNotFoundException(String reference) {
        super("Organization " + abbreviate(reference) + " not found");
    }

    /**
     * A reference as a message may show it (it comes from a request: any length, any characters): at
     * most 80 characters, control and format characters (NUL, line breaks, bidirectional overrides)
     * shown as {@code ?}, so that it cannot forge log lines or hide what it says.
     */
    static String abbreviate(String reference) {
        if (reference == null) {
            return "null";
        }
        String shown = reference.length() <= 80 ? reference : reference.substring(0, 80);
        StringBuilder s = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> s.appendCodePoint(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.SURROGATE ? '?' : c));
        return reference.length() <= 80 ? s.toString() : s + "…(" + reference.length() + " characters)";
    }
}
