package dev.tenantry.persistence.seeding;

import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.settings.AppMode;
import dev.tenantry.persistence.spi.Seed;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Orders and runs seeds. Stateless and thread-safe.
 */
public final class SeedRunner {

    private static final System.Logger LOG = System.getLogger(SeedRunner.class.getName());

    private SeedRunner() {
    }

    /**
     * Runs the seeds that apply to {@code mode}, by {@link Seed#order()} then {@link Seed#name()}.
     *
     * @param seeds         the seeds
     * @param mode          the current application mode
     * @param inTransaction runs its argument in a new transaction and commits it (or rolls back and
     *                      rethrows when it throws)
     * @return the names of the seeds that ran, in order
     * @throws TenantryException naming the seed when one fails, or when two share a name
     */
    public static List<String> run(List<? extends Seed> seeds, AppMode mode, Consumer<Runnable> inTransaction) {
        Objects.requireNonNull(mode, "mode");
        List<Seed> ordered = new ArrayList<>(seeds);
        ordered.sort(Comparator.comparingInt(Seed::order).thenComparing(Seed::name));
        Set<String> names = new HashSet<>();
        for (Seed s : ordered) {
            if (!names.add(s.name())) {
                throw new TenantryException("Two seeds are named '" + s.name() + "'; give each seed a unique name");
            }
        }
        List<String> ran = new ArrayList<>();
        for (Seed seed : ordered) {
            if (seed.demoOnly() && mode != AppMode.DEMO) {
                LOG.log(Level.DEBUG, "Seed " + seed.name() + " skipped: demo data, mode is " + mode);
                continue;
            }
            try {
                inTransaction.accept(seed::run);
            } catch (RuntimeException e) {
                throw new TenantryException("Seed '" + seed.name() + "' failed and was rolled back; earlier seeds "
                        + "stay applied. Fix the seed and start again.", e);
            }
            ran.add(seed.name());
        }
        LOG.log(Level.INFO, "Seeds run (" + mode + " mode): " + ran);
        return ran;
    }
}
