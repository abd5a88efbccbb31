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
    void threadsNeverShareRandomBits() throws Exception {
        int threads = 4;
        int each = 20_000;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<List<UUID>>> made = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                made.add(pool.submit(() -> {
                    List<UUID> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(Uuids.timeOrdered());
                    }
                    return mine;
                }));
            }
            java.util.Set<Long> randomParts = new HashSet<>();
            java.util.Set<UUID> all = new HashSet<>();
            for (java.util.concurrent.Future<List<UUID>> f : made) {
                for (UUID id : f.get()) {
                    all.add(id);
                    randomParts.add(id.getLeastSignificantBits() & 0x3FFFFFFFFFFFFFFFL);
                }
            }
            // 62 random bits each: a repeat among 80,000 would mean bits drawn once were handed out twice
            assertThat(all).hasSize(threads * each);
            assertThat(randomParts).hasSize(threads * each);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void leadingBitsAreTheCurrentTimeInMilliseconds() {
        long before = System.currentTimeMillis();
        UUID id = Uuids.timeOrdered();
        long millis = id.getMostSignificantBits() >>> 16;
        assertThat(millis).isBetween(before, System.currentTimeMillis() + 5);
    }
}
