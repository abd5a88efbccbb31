package dev.tenantry.example;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An article as the API shows it.
 *
 * @param id        id
 * @param title     title
 * @param slug      slug
 * @param body      text
 * @param version   optimistic-lock version
 * @param createdAt creation time (UTC)
 * @param updatedAt last change (UTC)
 * @param deleted   whether it is soft-deleted
 */
public record ArticleView(UUID id, String title, String slug, String body, long version, OffsetDateTime createdAt,
                          OffsetDateTime updatedAt, boolean deleted) {

    static ArticleView of(Article a) {
        return new ArticleView(a.getId(), a.getTitle(), a.getSlug(), a.getBody(), a.getVersion(), a.getCreatedAt(),
                a.getUpdatedAt(), a.isDeleted());
    }
}
