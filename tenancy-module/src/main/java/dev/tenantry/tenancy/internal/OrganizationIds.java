package dev.tenantry.tenancy.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every organization's id, deleted ones too, for jobs that visit the tenants one by one. */
public final class OrganizationIds {

    private OrganizationIds() {
    }

    /**
     * @param connection a connection (the runtime role reads {@code organizations} without a tenant)
     * @return the ids, in order
     * @throws SQLException when the database refuses
     */
    public static List<UUID> all(Connection connection) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT id FROM organizations ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
        }
        return ids;
    }
}
