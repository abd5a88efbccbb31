package dev.tenantry.example;

/**
 * What a client sends to create or change an article.
 *
 * @param title title (required: the database refuses a missing one with 422)
 * @param slug  URL name (required, unique among live articles: a duplicate gets 409)
 * @param body  text
 */
public record ArticleInput(String title, String slug, String body) {
}
