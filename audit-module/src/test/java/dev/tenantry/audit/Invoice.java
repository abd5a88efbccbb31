package dev.tenantry.audit;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** An audited tenant entity with an encrypted and an excluded field. */
@Entity
@Table(name = "invoices")
@Audited
public class Invoice extends InvoiceFields {

    protected Invoice() {
    }

    public Invoice(String number, long amountCents, String secret, String note) {
        super(number, amountCents, secret, note);
    }
}
