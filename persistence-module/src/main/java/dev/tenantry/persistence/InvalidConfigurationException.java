package dev.tenantry.persistence;

/**
 * A Tenantry configuration property (MicroProfile Config, a system property or its environment
 * variable) is malformed. Thrown while the application deploys, so the deployment fails; the
 * message names the property, its environment variable and the expected form, never the value.
 */
public final class InvalidConfigurationException extends TenantryException {

    private static final long serialVersionUID = 1L;

    /** @param message names the property and what it must be */
    public InvalidConfigurationException(String message) {
        super(message);
    }

    /**
     * @param message names the property and what it must be
     * @param cause   the parse failure
     */
    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
