package dev.tenantry.it;

import dev.tenantry.tenancy.Idempotent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/**
 * A resource with the mistake {@code IdempotentMethods} refuses at deployment: {@code @Idempotent} on
 * the class covers {@link #erase()}, which runs outside a transaction. Added to the example WAR by
 * {@code IdempotentOutsideTransactionIT} (Payara) and {@code WildFlyFailedDeploymentsIT}.
 */
@RequestScoped
@Idempotent
@Path("untransacted")
public class UntransactedErasure {

    /** @return nothing; commits batch by batch in a real application */
    @POST
    @Path("erase")
    public String erase() {
        return "erased";
    }

    /** @return nothing; transactional, so covered rightly */
    @POST
    @Transactional
    public String create() {
        return "created";
    }
}
