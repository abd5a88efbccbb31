package dev.tenantry.persistence.spi;

import java.sql.Connection;
import java.util.Map;
import java.util.UUID;

/**
 * Told about restores and purges, which Tenantry runs as SQL and so pass no EclipseLink event. Found
 * through {@link java.util.ServiceLoader} ({@code META-INF/services}); called on the connection of
 * the transaction that made the change, so what a listener writes commits or rolls back with it. The
 * audit module is one.
 */
public interface SoftDeleteListener {

    /**
     * @param connection the transaction's connection
     * @param entity     the entity class
     * @param id         the restored row
     * @param tenant     the tenant discriminator columns and values the statement was bound to (empty
     *                   for entities without tenant)
     */
    void restored(Connection connection, Class<?> entity, UUID id, Map<String, Object> tenant);

    /**
     * @param connection the transaction's connection
     * @param entity     the entity class
     * @param rows       how many rows were removed (more than zero)
     * @param tenant     the tenant discriminator columns and values the statement was bound to
     */
    void purged(Connection connection, Class<?> entity, long rows, Map<String, Object> tenant);
}
