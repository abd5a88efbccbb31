package dev.tenantry.audit;

import dev.tenantry.crypto.EncryptedStringConverter;
import dev.tenantry.tenancy.SoftDeletableTenantEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.MappedSuperclass;

/** The columns of an invoice, shared by the audited {@link Invoice} and its unaudited benchmark twin. */
@MappedSuperclass
public abstract class InvoiceFields extends SoftDeletableTenantEntity {

    @Column(name = "number", nullable = false)
    private String number;

    @Column(name = "amount_cents", nullable = false)
    private long amountCents;

    @Convert(converter = EncryptedStringConverter.class)
    @Column(name = "secret")
    private String secret;

    @AuditExclude
    @Column(name = "note")
    private String note;

    protected InvoiceFields() {
    }

    protected InvoiceFields(String number, long amountCents, String secret, String note) {
        this.number = number;
        this.amountCents = amountCents;
        this.secret = secret;
        this.note = note;
    }

    public long getAmountCents() {
        return amountCents;
    }

    public void setAmountCents(long amountCents) {
        this.amountCents = amountCents;
    }

    public String getSecret() {
        return secret;
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
