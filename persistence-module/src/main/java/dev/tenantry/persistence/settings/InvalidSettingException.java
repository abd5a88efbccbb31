package dev.tenantry.persistence.settings;

import dev.tenantry.persistence.TenantryException;

/**
 * A setting's key or value cannot be stored (see {@link AppSettings#put}), or its stored value does not
 * have the requested type. The message names the key, not the value. A client error (HTTP 400).
 */
public final class InvalidSettingException extends TenantryException {

    private static final long serialVersionUID = 1L;

    /** @param message names the key and the expected form */
    public InvalidSettingException(String message) {
        super(message);
    }
}
