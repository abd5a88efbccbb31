package dev.tenantry.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidsTest {

    @Test
    void idsAreVersion7AndStrictlyIncreasingWithinOneJvm() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ids.add(Uuids.timeOrdered());
        }
        for (int i = 1; i < ids.size(); i++) {
            // PostgreSQL orders uuid by unsigned bytes; compare as such
            assertThat(ids.get(i).toString()).isGreaterThan(ids.get(i - 1).toString());
        }
        assertThat(ids).allSatisfy(id -> {
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
        });
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
    }

    @Test
    void leadingBitsAreTheCurrentTimeInMilliseconds() {
        long before = System.currentTimeMillis();
        UUID id = Uuids.timeOrdered();
        long millis = id.getMostSignificantBits() >>> 16;
        assertThat(millis).isBetween(before, System.currentTimeMillis() + 5);
    }
}
