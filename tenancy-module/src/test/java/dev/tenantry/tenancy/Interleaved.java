package dev.tenantry.tenancy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Times several setups against each other in one process: each sample runs every setup once on the
 * same input, the setups taking turns at going first, for a warm-up and then a measured time budget.
 * The benchmarks of this module print medians of what it returns.
 */
final class Interleaved {

    private Interleaved() {
    }

    /**
     * @param setups        how many setups
     * @param warmupNanos   time spent before measuring
     * @param measureNanos  time measured
     * @param nextSample    picks a sample's input and returns what runs setup {@code n} on it
     * @return per setup, the measured samples' nanoseconds, sorted
     */
    static long[][] measure(int setups, long warmupNanos, long measureNanos, Supplier<IntConsumer> nextSample) {
        long[][] nanos = new long[setups][];
        for (long budget : new long[] {warmupNanos, measureNanos}) {
            List<long[]> samples = new ArrayList<>();
            long end = System.nanoTime() + budget;
            for (int i = 0; System.nanoTime() < end; i++) {
                IntConsumer run = nextSample.get();
                long[] sample = new long[setups];
                for (int k = 0; k < setups; k++) {
                    int which = (i + k) % setups;
                    long start = System.nanoTime();
                    run.accept(which);
                    sample[which] = System.nanoTime() - start;
                }
                samples.add(sample);
            }
            for (int which = 0; which < setups; which++) {
                int w = which;
                nanos[which] = samples.stream().mapToLong(sample -> sample[w]).sorted().toArray();
            }
        }
        return nanos;
    }

    /** @return the median of sorted values */
    static double median(long[] sorted) {
        return sorted[sorted.length / 2];
    }
}
