package dev.tenantry.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Where an encrypted value is stored: its table, its column and, for a tenant entity, its tenant.
 *
 * <p>Tenantry's key-ring engine authenticates the place together with the value (format
 * {@code tnc2}), so a value copied to another row of another tenant, to another column or to
 * another table fails with {@link DecryptionFailedException} instead of decrypting there. Names are
 * compared as PostgreSQL folds unquoted identifiers: lower case, without schema. Immutable.
 *
 * @param table  the table, without schema
 * @param column the column
 * @param tenant the row's tenant (its {@code organization_id} as text), or {@code null} when the
 *               entity is not tenant-scoped
 */
public record Place(String table, String column, String tenant) {

    /** Normalises the names (lower case, no schema, no quotes). */
    public Place {
        table = name(table, "table");
        column = name(column, "column");
        tenant = tenant == null ? null : tenant.toLowerCase(Locale.ROOT);
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
        return new Place(table, column, tenantValue == null ? null : tenantValue.toString());
    }

    /** @return {@code true} when a tenant is part of the place */
    public boolean tenantScoped() {
        return tenant != null;
    }

    /**
     * @return the bytes authenticated with the value: table, column and tenant, each length-prefixed
     *         so no two places share an encoding
     */
    byte[] authenticatedBytes() {
        byte[] t = table.getBytes(StandardCharsets.UTF_8);
        byte[] c = column.getBytes(StandardCharsets.UTF_8);
        byte[] n = tenant == null ? new byte[0] : tenant.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[6 + t.length + c.length + n.length];
        int at = put(out, 0, t);
        at = put(out, at, c);
        put(out, at, n);
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
    public String toString() {
        return table + "." + column + (tenant == null ? "" : " (tenant-scoped)");
    }
}
