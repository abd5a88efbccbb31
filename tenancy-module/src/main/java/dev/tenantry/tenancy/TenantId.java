package dev.tenantry.tenancy;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/**
 * The identity of a tenant: an organization's id. Serializable, so it can travel in a timer's
 * {@code TimerConfig} info to the {@code @Timeout} method, which runs its work with
 * {@link Tenants#runAs(TenantId, Runnable)}.
 *
 * @param value the organization's UUID
 */
public record TenantId(UUID value) implements Serializable {

    /** A TenantId always holds a value. */
    public TenantId {
        Objects.requireNonNull(value, "A TenantId needs the organization's UUID");
    }

    /**
     * @param text a UUID in its canonical text form
     * @return the tenant id
     * @throws IllegalArgumentException naming the expected form when {@code text} is not a UUID
     */
    public static TenantId parse(String text) {
        String t = Objects.requireNonNull(text, "text").trim();
        if (!isCanonical(t)) {
            throw new IllegalArgumentException("A tenant id is an organization UUID such as"
                    + " 0191d6a0-8f4e-7c3a-9b1d-2f5e6a7b8c9d; got something else");
        }
        return new TenantId(UUID.fromString(t));
    }

    /**
     * Whether {@code text} is a UUID in canonical form: 36 characters, hex groups of 8-4-4-4-12.
     * ({@link UUID#fromString} is more lenient: it reads {@code a-b-c-d-12ab34cd} as a UUID, which is
     * also a valid organization slug.)
     *
     * @param text any text
     * @return whether it is a canonical UUID
     */
    public static boolean isCanonical(String text) {
        return text != null && CANONICAL.matcher(text).matches();
    }

    private static final java.util.regex.Pattern CANONICAL =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Override
    public String toString() {
        return value.toString();
    }
}
