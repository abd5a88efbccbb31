package dev.tenantry.audit;

import dev.tenantry.crypto.EncryptedStringConverter;
import dev.tenantry.tenancy.SoftDeletableTenantEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Invoice's twin without auditing, for the benchmark. */
@Entity
@Table(name = "plain_invoices")
public class PlainInvoice extends SoftDeletableTenantEntity {

    @Column(name = "number", nullable = false)
    private String number;

    @Column(name = "amount_cents", nullable = false)
    private long amountCents;

    @Convert(converter = EncryptedStringConverter.class)
    @Column(name = "secret")
    private String secret;

    @Column(name = "note")
    private String note;

    protected PlainInvoice() {
    }

    public PlainInvoice(String number, long amountCents, String secret, String note) {
        this.number = number;
        this.amountCents = amountCents;
        this.secret = secret;
        this.note = note;
    }

    public void setAmountCents(long amountCents) {
        this.amountCents = amountCents;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }

    public void setNote(String note) {
        this.note = note;
    }

    public String getNumber() {
        return number;
    }
}
