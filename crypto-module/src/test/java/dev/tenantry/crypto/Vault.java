package dev.tenantry.crypto;

import dev.tenantry.tenancy.TenantEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A tenant entity with two encrypted text columns and one encrypted bytea column. */
@Entity
@Table(name = "vaults")
public class Vault extends TenantEntity {

    @Convert(converter = EncryptedStringConverter.class)
    @Column(name = "secret")
    private String secret;

    @Convert(converter = EncryptedStringConverter.class)
    @Column(name = "note")
    private String note;

    @Convert(converter = EncryptedBytesConverter.class)
    @Column(name = "blob")
    private byte[] blob;

    protected Vault() {
    }

    public Vault(String secret, String note, byte[] blob) {
        this.secret = secret;
        this.note = note;
        this.blob = blob;
    }

    public String getSecret() {
        return secret;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }

    public String getNote() {
        return note;
    }

    public byte[] getBlob() {
        return blob;
    }
}
