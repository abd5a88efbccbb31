package dev.tenantry.tenancy;

import dev.tenantry.tenancy.internal.RowSecurityConnections;
import dev.tenantry.tenancy.internal.RowSecurityScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Row-level security from plain JDBC: statements that carry their tenant, and a check that it can
 * hold for the role a connection runs as.
 */
public final class RowSecurity {

    private RowSecurity() {
    }

    /**
     * Prepares a statement that runs with {@code tenant} as the row-level security tenant, sent in the
     * same round trip (see {@link RowSecurityListener}). The setting is transaction-local: in a
     * transaction it lasts until its end; in autocommit it holds for this statement only. For JDBC
     * code beside the EntityManagers, e.g. reports or jobs on the application's DataSource.
     *
     * @param connection a connection
     * @param tenant     the organization the statement works for
     * @param sql        one SQL statement
     * @return the statement; its parameters are numbered as in {@code sql}, and {@code executeQuery},
     *         {@code executeUpdate} and {@code execute} answer for it
     * @throws SQLException as {@link Connection#prepareStatement(String)}
     */
    public static PreparedStatement prepareStatement(Connection connection, TenantId tenant, String sql) throws SQLException {
        return RowSecurityConnections.prepare(connection, new RowSecurityScope(tenant.value(), null), sql);
    }

    /**
     * @param connection a connection as the application's runtime role
     * @return what lets that role bypass row-level security (superuser, BYPASSRLS, owner of a tenant
     *         table, a protected table without FORCE), and every tenant table — a table with a
     *         {@code NOT NULL organization_id} — that row-level security does not protect; empty when none
     * @throws SQLException when the catalog cannot be read
     */
    public static List<String> problemsOf(Connection connection) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT current_user, rolsuper, rolbypassrls FROM pg_roles"
                    + " WHERE rolname = current_user")) {
                rs.next();
                if (rs.getBoolean(2)) {
                    problems.add("role " + rs.getString(1) + " is a superuser: superusers always bypass row-level security;"
                            + " connect the pool as the runtime role (tenantry_app)");
                }
                if (rs.getBoolean(3)) {
                    problems.add("role " + rs.getString(1) + " has BYPASSRLS; connect the pool as the runtime role (tenantry_app)");
                }
            }
            // tenant tables: NOT NULL organization_id, outside the system schemas
            try (ResultSet rs = s.executeQuery("SELECT c.oid::regclass::text, pg_has_role(current_user, c.relowner, 'USAGE'),"
                    + " c.relrowsecurity, c.relforcerowsecurity,"
                    + " EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'tenantry_tenant_isolation')"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'organization_id' AND a.attnotnull AND NOT a.attisdropped"
                    + " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                    + " AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1")) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    if (rs.getBoolean(2)) {
                        problems.add("role owns (or is a member of the owner of) table " + table
                                + ": connect as a separate runtime role");
                    }
                    if (!rs.getBoolean(3) || !rs.getBoolean(5)) {
                        problems.add("tenant table " + table + " has no row-level security: add"
                                + " SELECT tenantry_enable_row_security('" + table + "') to a migration");
                    } else if (!rs.getBoolean(4)) {
                        problems.add("table " + table + " does not FORCE row-level security");
                    }
                }
            }
        }
        return problems;
    }
}
