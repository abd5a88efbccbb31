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
 */
public record EncryptedColumn(String table, String idColumn, String column, boolean binary) {

    private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?";

    /** Accepts plain SQL identifiers only, since they are written into statements. */
    public EncryptedColumn {
        for (String name : new String[] {table, idColumn, column}) {
            if (name == null || !name.matches(IDENTIFIER)) {
                throw new IllegalArgumentException("Not a plain SQL identifier: '" + name + "'");
            }
        }
    }

    /**
     * Parses {@code table.column}, {@code table.column:bytes} or {@code table(id).column[:bytes]};
     * the id column defaults to {@code id}.
     *
     * @param spec the specification
     * @return the column
     */
    public static EncryptedColumn parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        boolean binary = spec.toLowerCase(Locale.ROOT).endsWith(":bytes");
        String s = binary ? spec.substring(0, spec.length() - ":bytes".length()) : spec;
        int dot = s.lastIndexOf('.');
        if (dot <= 0) {
            throw new IllegalArgumentException("Expected table.column[:bytes], got '" + spec + "'");
        }
        String table = s.substring(0, dot);
        String id = "id";
        int paren = table.indexOf('(');
        if (paren > 0 && table.endsWith(")")) {
            id = table.substring(paren + 1, table.length() - 1);
            table = table.substring(0, paren);
        }
        return new EncryptedColumn(table, id, s.substring(dot + 1), binary);
    }

    @Override
    public String toString() {
        return table + "." + column + (binary ? " (bytea)" : " (text)");
    }
}
