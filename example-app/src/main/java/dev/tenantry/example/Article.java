package dev.tenantry.example;

import dev.tenantry.persistence.softdelete.SoftDeletableEntity;
import jakarta.persistence.Column;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** An article; soft-deletable, with a slug unique among live articles. */
@Entity
@Table(name = "articles")
public class Article extends SoftDeletableEntity {

    @Column(name = "title", nullable = false)
    @NotBlank
    @Size(max = 200)
    private String title;

    @Column(name = "slug", nullable = false)
    @NotBlank
    @Size(max = 200)
    private String slug;

    @Column(name = "body")
    @Size(max = 20_000)
    private String body;

    protected Article() {
    }

    /**
     * @param title title
     * @param slug  URL name, unique among live articles
     * @param body  text
     */
    public Article(String title, String slug, String body) {
        this.title = title;
        this.slug = slug;
        this.body = body;
    }

    public String getTitle() {
        return title;
    }

    public String getSlug() {
        return slug;
    }

    public String getBody() {
        return body;
    }

    /**
     * @param title new title
     * @param slug  new slug
     * @param body  new text
     */
    public void change(String title, String slug, String body) {
        this.title = title;
        this.slug = slug;
        this.body = body;
    }
}
