package dev.tenantry.tenancy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Checks that row-level security can hold for the role a connection runs as. */
public final class RowSecurity {

    private RowSecurity() {
    }

    /**
     * @param connection a connection as the application's runtime role
     * @return what lets that role bypass row-level security (superuser, BYPASSRLS, owner of a table
     *         with a Tenantry policy, a protected table without FORCE); empty when none
     * @throws SQLException when the catalog cannot be read
     */
    public static List<String> problemsOf(Connection connection) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT current_user, rolsuper, rolbypassrls FROM pg_roles"
                    + " WHERE rolname = current_user")) {
                rs.next();
                if (rs.getBoolean(2)) {
                    problems.add("role " + rs.getString(1) + " is a superuser: superusers always bypass row-level security");
                }
                if (rs.getBoolean(3)) {
                    problems.add("role " + rs.getString(1) + " has BYPASSRLS");
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT c.relname, pg_has_role(current_user, c.relowner, 'USAGE'),"
                    + " c.relforcerowsecurity FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid"
                    + " WHERE p.polname = 'tenantry_tenant_isolation' ORDER BY c.relname")) {
                while (rs.next()) {
                    if (rs.getBoolean(2)) {
                        problems.add("role owns (or is a member of the owner of) table " + rs.getString(1)
                                + ": connect as a separate runtime role");
                    }
                    if (!rs.getBoolean(3)) {
                        problems.add("table " + rs.getString(1) + " does not FORCE row-level security");
                    }
                }
            }
        }
        return problems;
    }
}
