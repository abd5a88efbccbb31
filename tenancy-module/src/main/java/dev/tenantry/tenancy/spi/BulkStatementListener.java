package dev.tenantry.tenancy.spi;

import dev.tenantry.tenancy.TenantId;
import jakarta.persistence.EntityManager;

/**
 * Told about every bulk JPQL UPDATE or DELETE run through a tenant EntityManager (EclipseLink passes
 * them no entity events). Found through {@link java.util.ServiceLoader}; called right after the
 * statement, in its transaction. The audit module is one.
 */
public interface BulkStatementListener {

    /**
     * @param em        the tenant EntityManager the statement ran on (its transaction is still open)
     * @param tenant    its tenant
     * @param entity    the statement's entity class
     * @param statement the JPQL text (parameter values are not included)
     * @param delete    DELETE rather than UPDATE
     * @param rows      rows changed
     */
    void executed(EntityManager em, TenantId tenant, Class<?> entity, String statement, boolean delete, int rows);
}
