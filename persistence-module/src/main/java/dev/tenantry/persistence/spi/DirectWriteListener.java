package dev.tenantry.persistence.spi;

/**
 * Told before each single-statement write of {@link dev.tenantry.persistence.repository.DirectWrites}
 * runs, which passes no EclipseLink event. A listener may refuse the write by throwing (nothing has
 * reached the database yet), and may {@linkplain DirectWrite#addStatement add a statement} that runs
 * inside the same SQL statement, so it commits or rolls back with the write and costs no round trip.
 * Found through {@link java.util.ServiceLoader} ({@code META-INF/services}); the tenancy module (a
 * VIEWER may not write) and the audit module (the activity row) are listeners.
 */
public interface DirectWriteListener {

    /**
     * @param write the write about to run
     */
    void beforeWrite(DirectWrite write);
}
