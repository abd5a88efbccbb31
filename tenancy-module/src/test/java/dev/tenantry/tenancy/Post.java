package dev.tenantry.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

@Entity
@Table(name = "posts")
public class Post extends PublishableEntity {

    @Column(name = "title", nullable = false)
    private String title;

    protected Post() {
    }

    public Post(String creator, TenantId organization, String title) {
        super(creator, organization);
        this.title = title;
    }

    public String getTitle() {
        return title;
    }
}
