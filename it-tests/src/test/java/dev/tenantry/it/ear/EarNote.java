package dev.tenantry.it.ear;

import dev.tenantry.tenancy.TenantEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A tenant entity of the EAR deployment's shared domain jar (in the EAR's lib/). */
@Entity
@Table(name = "ear_notes")
public class EarNote extends TenantEntity {

    @Column(name = "text", nullable = false)
    private String text;

    protected EarNote() {
    }

    /** @param text text */
    public EarNote(String text) {
        this.text = text;
    }

    /** @return text */
    public String getText() {
        return text;
    }
}
