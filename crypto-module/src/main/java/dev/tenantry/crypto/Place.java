package dev.tenantry.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Where an encrypted value is stored: its table, its column and, for a tenant entity, its tenant.
 *
 * <p>Tenantry's key-ring engine authenticates the place together with the value (format
 * {@code tnc2}), so a value copied to another row of another tenant, to another column or to
 * another table fails with {@link DecryptionFailedException} instead of decrypting there. Names are
 * compared as PostgreSQL folds unquoted identifiers: lower case, without schema. The bytes that are
 * authenticated are computed once per place, not per value. Immutable and thread-safe.
 */
public final class Place {

    private final String table;
    private final String column;
    private final String tenant;
    private final byte[] authenticated;
    private final byte[] prefix;

    private Place(String table, String column, String tenant, byte[] prefix) {
        this.table = table;
        this.column = column;
        this.tenant = tenant;
        byte[] n = tenant == null ? new byte[0] : tenant.getBytes(StandardCharsets.UTF_8);
        this.prefix = prefix;
        byte[] encoded = Arrays.copyOf(prefix, prefix.length + 2 + n.length);
        put(encoded, prefix.length, n);
        this.authenticated = digest(encoded);
    }

    /**
     * @param table  the table, without schema
     * @param column the column
     * @param tenant the row's tenant (its {@code organization_id} as text), or {@code null} when the
     *               entity is not tenant-scoped
     */
    public Place(String table, String column, String tenant) {
        this(name(table, "table"), name(column, "column"), tenant == null ? null : tenant.toLowerCase(Locale.ROOT),
                prefix(name(table, "table"), name(column, "column")));
    }

    /**
     * @param table  the table, optionally schema-qualified
     * @param column the column
     * @return a place outside any tenant
     */
    public static Place of(String table, String column) {
        return new Place(table, column, null);
    }

    /**
     * @param tenantValue the row's tenant, or {@code null}
     * @return this place in that tenant's rows
     */
    public Place inTenant(Object tenantValue) {
        return new Place(table, column, tenantValue == null ? null : tenantValue.toString().toLowerCase(Locale.ROOT),
                prefix);
    }

    /** @return the table, lower case, without schema */
    public String table() {
        return table;
    }

    /** @return the column, lower case */
    public String column() {
        return column;
    }

    /** @return the tenant, or {@code null} outside any tenant */
    public String tenant() {
        return tenant;
    }

    /** @return {@code true} when a tenant is part of the place */
    public boolean tenantScoped() {
        return tenant != null;
    }

    /**
     * @return the bytes authenticated with the value: the first 16 bytes of SHA-256 over table,
     *         column and tenant, each length-prefixed so no two places share an encoding (a short
     *         digest keeps GCM's authenticated data to one block; shared, do not change)
     */
    byte[] authenticatedBytes() {
        return authenticated;
    }

    private static byte[] digest(byte[] encoded) {
        try {
            return Arrays.copyOf(java.security.MessageDigest.getInstance("SHA-256").digest(encoded), 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static byte[] prefix(String table, String column) {
        byte[] t = table.getBytes(StandardCharsets.UTF_8);
        byte[] c = column.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[4 + t.length + c.length];
        put(out, put(out, 0, t), c);
        return out;
    }

    private static int put(byte[] out, int at, byte[] part) {
        out[at] = (byte) (part.length >>> 8);
        out[at + 1] = (byte) part.length;
        System.arraycopy(part, 0, out, at + 2, part.length);
        return at + 2 + part.length;
    }

    private static String name(String raw, String what) {
        Objects.requireNonNull(raw, what);
        String n = raw.trim();
        int dot = n.lastIndexOf('.');
        if (dot >= 0) {
            n = n.substring(dot + 1);
        }
        n = n.replace("\"", "").toLowerCase(Locale.ROOT);
        if (n.isEmpty() || n.length() > 1000) {
            throw new IllegalArgumentException("Not a " + what + " name: '" + raw + "'");
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Place p && table.equals(p.table) && column.equals(p.column) && Objects.equals(tenant, p.tenant);
    }

    @Override
    public int hashCode() {
        return Objects.hash(table, column, tenant);
    }

    @Override
    public String toString() {
        return table + "." + column + (tenant == null ? "" : " (tenant-scoped)");
    }
}
