package dev.tenantry.tenancy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks from PostgreSQL's catalog that a schema could be distributed by tenant (Citus, with
 * {@code organization_id} as distribution column) without redesign. Run it in the application's
 * own tests against its migrated database.
 *
 * <p>A <em>tenant table</em> is any table of the current schema with a {@code NOT NULL}
 * {@code organization_id} column, except {@code organizations} itself. The rules:
 * <ul>
 *   <li>its primary key, or a unique constraint, includes {@code organization_id};</li>
 *   <li>every foreign key from a tenant table to another tenant table includes
 *       {@code organization_id} on both sides, at the same position;</li>
 *   <li>a foreign key from a tenant table to {@code organizations} is on {@code organization_id}.</li>
 * </ul>
 * Tables with a nullable {@code organization_id} (publishable content that outlives its
 * organization) are not tenant tables: they stay local or become reference tables.
 */
public final class DistributableSchema {

    private static final String TENANT_TABLES = "SELECT c.oid FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid"
            + " WHERE c.relkind IN ('r', 'p') AND c.relnamespace = current_schema()::regnamespace"
            + " AND a.attname = 'organization_id' AND a.attnotnull AND NOT a.attisdropped AND c.relname <> 'organizations'";

    private DistributableSchema() {
    }

    /**
     * @param connection a connection to the migrated database, search path on the schema to check
     * @return one line per violation, naming the table or constraint; empty when the schema is distributable
     * @throws SQLException when the catalog cannot be read
     */
    public static List<String> violations(Connection connection) throws SQLException {
        List<String> violations = new ArrayList<>();
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT t.oid::regclass::text FROM (" + TENANT_TABLES + ") t"
                    + " WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid"
                    + " AND a.attnum = ANY (k.conkey) WHERE k.conrelid = t.oid AND k.contype IN ('p', 'u')"
                    + " AND a.attname = 'organization_id')"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                    + " AND a.attnum = ANY (i.indkey) WHERE i.indrelid = t.oid AND i.indisunique AND i.indpred IS NULL"
                    + " AND a.attname = 'organization_id') ORDER BY 1")) {
                while (rs.next()) {
                    violations.add("tenant table " + rs.getString(1) + " has no primary key or unique key including organization_id");
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT k.conname, k.conrelid::regclass::text, k.confrelid::regclass::text,"
                    + " k.confrelid::regclass::text = 'organizations'"
                    + " FROM pg_constraint k WHERE k.contype = 'f' AND k.conrelid IN (" + TENANT_TABLES + ")"
                    + " AND (k.confrelid IN (" + TENANT_TABLES + ") OR k.confrelid::regclass::text = 'organizations')"
                    + " AND NOT EXISTS (SELECT 1 FROM generate_subscripts(k.conkey, 1) n"
                    + " JOIN pg_attribute src ON src.attrelid = k.conrelid AND src.attnum = k.conkey[n]"
                    + " JOIN pg_attribute dst ON dst.attrelid = k.confrelid AND dst.attnum = k.confkey[n]"
                    + " WHERE src.attname = 'organization_id'"
                    + " AND dst.attname = CASE WHEN k.confrelid::regclass::text = 'organizations' THEN 'id'"
                    + " ELSE 'organization_id' END) ORDER BY 2, 1")) {
                while (rs.next()) {
                    violations.add("foreign key " + rs.getString(1) + " from " + rs.getString(2) + " to " + rs.getString(3)
                            + (rs.getBoolean(4) ? " is not on organization_id"
                                    : " does not include organization_id on both sides"));
                }
            }
        }
        return violations;
    }
}
