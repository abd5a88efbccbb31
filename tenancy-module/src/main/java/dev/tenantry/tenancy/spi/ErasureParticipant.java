package dev.tenantry.tenancy.spi;

import dev.tenantry.tenancy.TenantId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * Erases an organization's rows of tables the runtime role may not delete from itself (the audit
 * trail is append-only for it). Found through {@link java.util.ServiceLoader}; the audit module is one.
 * {@link dev.tenantry.tenancy.OrganizationOffboarding#erase} leaves the tables it names to it.
 */
public interface ErasureParticipant {

    /** @return the tables it erases (lower-case names, as in the catalog) */
    Set<String> tables();

    /**
     * Deletes at most {@code batchSize} rows of the organization from its tables, in the caller's
     * transaction. Called only once the organization is soft-deleted (erasure begins with that).
     *
     * @param connection a connection in a transaction, as the runtime role
     * @param org        the organization being erased
     * @param batchSize  rows at most
     * @return rows deleted; it is called again until it deletes none
     * @throws SQLException when the database refuses
     */
    int eraseBatch(Connection connection, TenantId org, int batchSize) throws SQLException;
}
