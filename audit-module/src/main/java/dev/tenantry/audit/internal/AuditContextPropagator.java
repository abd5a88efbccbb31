package dev.tenantry.audit.internal;

import dev.tenantry.audit.AuditContext;
import dev.tenantry.tenancy.spi.ContextPropagator;

/**
 * Carries the actor and correlation id into work submitted with {@code Tenants.propagate}, so a task
 * started by a request is audited as that request's caller, under its correlation id, and not as
 * {@value AuditContext#SYSTEM}. Registered through {@code META-INF/services}.
 */
public final class AuditContextPropagator implements ContextPropagator {

    @Override
    public Captured capture() {
        String actor = AuditContext.actor();
        String correlationId = AuditContext.correlationId().orElse(null);
        return () -> AuditContext.open(actor, correlationId)::close;
    }
}
