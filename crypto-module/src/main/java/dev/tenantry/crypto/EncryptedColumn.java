package dev.tenantry.crypto;

import java.util.Locale;
import java.util.Objects;

/**
 * Where encrypted values are stored, for {@link KeyRotation}.
 *
 * @param table    table name (optionally schema-qualified)
 * @param idColumn a unique, sortable column identifying the row (the primary key)
 * @param column   the encrypted column
 * @param binary   {@code true} for {@code bytea} ({@link EncryptedBytesConverter}), {@code false} for
 *                 {@code text} ({@link EncryptedStringConverter})
 * @param global   {@code true} when the entity is not tenant-scoped although the table has an
 *                 {@code organization_id} column: rotation then binds values to table and column only.
 *                 By default a table with {@code organization_id} holds a tenant entity, whose values
 *                 are bound to the row's tenant as the converter binds them.
 */
public record EncryptedColumn(String table, String idColumn, String column, boolean binary, boolean global) {

    private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?";

    /**
     * @param table    table name (optionally schema-qualified)
     * @param idColumn the primary key column
     * @param column   the encrypted column
     * @param binary   {@code bytea} rather than {@code text}
     */
    public EncryptedColumn(String table, String idColumn, String column, boolean binary) {
        this(table, idColumn, column, binary, false);
    }

    /** Accepts plain SQL identifiers only, since they are written into statements. */
    public EncryptedColumn {
        for (String name : new String[] {table, idColumn, column}) {
            if (name == null || !name.matches(IDENTIFIER)) {
                throw new IllegalArgumentException("Not a plain SQL identifier: '" + name + "'");
            }
        }
    }

    /**
     * Parses {@code table.column}, {@code table.column:bytes} or {@code table(id).column[:bytes]},
     * optionally followed by {@code :global} (see {@link #global()}); the id column defaults to
     * {@code id}.
     *
     * @param spec the specification
     * @return the column
     */
    public static EncryptedColumn parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String s = spec;
        boolean global = s.toLowerCase(Locale.ROOT).endsWith(":global");
        if (global) {
            s = s.substring(0, s.length() - ":global".length());
        }
        boolean binary = s.toLowerCase(Locale.ROOT).endsWith(":bytes");
        if (binary) {
            s = s.substring(0, s.length() - ":bytes".length());
        }
        int dot = s.lastIndexOf('.');
        if (dot <= 0) {
            throw new IllegalArgumentException("Expected table.column[:bytes][:global], got '" + spec + "'");
        }
        String table = s.substring(0, dot);
        String id = "id";
        int paren = table.indexOf('(');
        if (paren > 0 && table.endsWith(")")) {
            id = table.substring(paren + 1, table.length() - 1);
            table = table.substring(0, paren);
        }
        return new EncryptedColumn(table, id, s.substring(dot + 1), binary, global);
    }

    @Override
    public String toString() {
        return table + "." + column + (binary ? " (bytea)" : " (text)") + (global ? " (global)" : "");
    }
}
