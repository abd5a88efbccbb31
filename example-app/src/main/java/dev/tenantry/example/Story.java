package dev.tenantry.example;

import dev.tenantry.tenancy.PublishableEntity;
import dev.tenantry.tenancy.TenantId;
import jakarta.persistence.Column;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A story: drafted and published by its creator, optionally on behalf of an organization. */
@Entity
@Table(name = "stories")
public class Story extends PublishableEntity {

    @Column(name = "title", nullable = false)
    @NotBlank
    @Size(max = 200)
    private String title;

    /** For JPA. */
    protected Story() {
    }

    /**
     * @param creator      who writes it
     * @param organization on whose behalf, or null
     * @param title        title
     */
    public Story(String creator, TenantId organization, String title) {
        super(creator, organization);
        this.title = title;
    }

    /** @return title */
    public String getTitle() {
        return title;
    }
}
