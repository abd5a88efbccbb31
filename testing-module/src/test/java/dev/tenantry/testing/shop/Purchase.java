package dev.tenantry.testing.shop;

import dev.tenantry.tenancy.TenantEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** An application's tenant entity, as a user of the kit writes one. */
@Entity
@Table(name = "purchases")
public class Purchase extends TenantEntity {

    @Column(name = "reference", nullable = false)
    private String reference;

    protected Purchase() {
    }

    public Purchase(String reference) {
        this.reference = reference;
    }

    public String getReference() {
        return reference;
    }
}
