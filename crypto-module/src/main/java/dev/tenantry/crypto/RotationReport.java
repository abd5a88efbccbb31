package dev.tenantry.crypto;

/**
 * What one rotation run did on one column.
 *
 * @param column     the column
 * @param rotated    values re-encrypted with the active key
 * @param unreadable values left as they were because they failed to decrypt (ids in the log)
 * @param skipped    values changed by someone else while the run worked (they are re-read next run)
 * @param remaining  values still not in the place-bound format under the active key after the run
 *                   (older keys, {@code tnc1}, legacy Jasypt values)
 * @param legacy     of those, values in no Tenantry format (Jasypt's): 0 once a legacy column is migrated
 * @param tenants    organizations visited one by one because row-level security binds the role
 *                   (0: the role saw the whole table at once)
 */
public record RotationReport(EncryptedColumn column, long rotated, long unreadable, long skipped, long remaining,
                             long legacy, int tenants) {
}
