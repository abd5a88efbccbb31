package dev.tenantry.tenancy;

import java.util.Locale;

/** Where a {@link PublishableEntity} stands; stored in lower case ({@code draft}, ...). */
public enum PublicationStatus {
    /** Not visible to the public; the state content returns to when its organization goes away. */
    DRAFT,
    /** Public since {@code published_at}. */
    PUBLISHED,
    /** Withdrawn from the public, kept. */
    ARCHIVED;

    /** @return the stored form */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    static PublicationStatus ofColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
