package dev.tenantry.audit;

import java.util.List;
import java.util.Optional;

/**
 * One page of activities, newest first.
 *
 * @param items the activities
 * @param next  opaque cursor of the next (older) page; empty on the last page
 */
public record ActivityPage(List<Activity> items, Optional<String> next) {

    /** Copies the items. */
    public ActivityPage {
        items = List.copyOf(items);
    }
}
