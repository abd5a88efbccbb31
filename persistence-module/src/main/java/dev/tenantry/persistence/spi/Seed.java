package dev.tenantry.persistence.spi;

/**
 * Data the application needs in its database, written idempotently after migrations.
 *
 * <p>In a CDI application every bean implementing {@code Seed} runs at deployment, after
 * migrations, each in its own transaction, ordered by {@link #order()} then {@link #name()}.
 * Seeds run at every start, so {@link #run()} must be idempotent: running it on a database it
 * already seeded changes no row (check before insert, or {@code INSERT ... ON CONFLICT DO NOTHING}).
 * A failing seed fails the deployment; the rows of its transaction are rolled back.
 */
public interface Seed {

    /** @return a stable, unique name, shown in logs */
    String name();

    /** @return the position among seeds, smaller first; default 100 */
    default int order() {
        return 100;
    }

    /** @return {@code true} for demo data, which runs only in demo mode; default {@code false} */
    default boolean demoOnly() {
        return false;
    }

    /** Writes the seed's rows, idempotently, inside the transaction the runner opened. */
    void run();
}
