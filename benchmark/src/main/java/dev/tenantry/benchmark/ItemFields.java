package dev.tenantry.benchmark;

import dev.tenantry.tenancy.SoftDeletableTenantEntity;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/** The benchmark row as Tenantry maps it: tenant, soft delete, version, times from the base classes. */
@MappedSuperclass
public abstract class ItemFields extends SoftDeletableTenantEntity {

    @Column(name = "title", nullable = false)
    private String title;

    @Column(name = "amount", nullable = false)
    private long amount;

    protected ItemFields() {
    }

    protected ItemFields(String title, long amount) {
        this.title = title;
        this.amount = amount;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public long getAmount() {
        return amount;
    }
}
