package dev.tenantry.benchmark;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Unaudited. */
@Entity
@Table(name = "bench_items")
public class Item extends ItemFields {

    protected Item() {
    }

    public Item(String title, long amount) {
        super(title, amount);
    }
}
