package dev.tenantry.benchmark;

import dev.tenantry.audit.Audited;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The same table, audited: every write adds an {@code activities} row in its transaction. */
@Entity
@Table(name = "bench_items")
@Audited
public class AuditedItem extends ItemFields {

    protected AuditedItem() {
    }

    public AuditedItem(String title, long amount) {
        super(title, amount);
    }
}
