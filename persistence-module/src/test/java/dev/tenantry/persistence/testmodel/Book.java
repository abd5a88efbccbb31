package dev.tenantry.persistence.testmodel;

import dev.tenantry.persistence.softdelete.SoftDeletableEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.UUID;

@Entity
@Table(name = "books")
public class Book extends SoftDeletableEntity {

    @Column(name = "title")
    @jakarta.validation.constraints.Size(max = 200)
    private String title;

    @Column(name = "isbn")
    private String isbn;

    @Column(name = "pages")
    private Integer pages;

    @Column(name = "author_id")
    private UUID authorId;

    protected Book() {
    }

    public Book(String title, String isbn, Integer pages) {
        this.title = title;
        this.isbn = isbn;
        this.pages = pages;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public String getIsbn() {
        return isbn;
    }

    public Integer getPages() {
        return pages;
    }

    public void setPages(Integer pages) {
        this.pages = pages;
    }

    public UUID getAuthorId() {
        return authorId;
    }

    public void setAuthorId(UUID authorId) {
        this.authorId = authorId;
    }
}
