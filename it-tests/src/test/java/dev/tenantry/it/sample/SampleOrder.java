package dev.tenantry.it.sample;

import dev.tenantry.tenancy.TenantEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The sample application's tenant entity: an order of one organization. */
@Entity
@Table(name = "sample_orders")
public class SampleOrder extends TenantEntity {

    @Column(name = "reference", nullable = false)
    private String reference;

    protected SampleOrder() {
    }

    /** @param reference the order's reference */
    public SampleOrder(String reference) {
        this.reference = reference;
    }

    /** @return the order's reference */
    public String getReference() {
        return reference;
    }
}
