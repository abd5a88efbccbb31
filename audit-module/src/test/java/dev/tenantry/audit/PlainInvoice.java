package dev.tenantry.audit;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Invoice's twin without auditing, for the benchmark. */
@Entity
@Table(name = "plain_invoices")
public class PlainInvoice extends InvoiceFields {

    protected PlainInvoice() {
    }

    public PlainInvoice(String number, long amountCents, String secret, String note) {
        super(number, amountCents, secret, note);
    }
}
