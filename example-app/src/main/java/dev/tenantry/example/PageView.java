package dev.tenantry.example;

import java.util.List;

/**
 * One page of articles.
 *
 * @param items      the articles
 * @param total      how many there are in all
 * @param page       zero-based page number
 * @param size       page size
 * @param totalPages number of pages
 * @param next       keyset cursor of the next page (keyset endpoints only)
 */
public record PageView(List<ArticleView> items, Long total, Integer page, Integer size, Long totalPages, String next) {
}
