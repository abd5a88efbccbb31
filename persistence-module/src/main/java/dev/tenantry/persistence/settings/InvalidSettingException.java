package dev.tenantry.persistence.settings;

import dev.tenantry.persistence.TenantryException;

/** A setting's stored value does not have the requested type. The message names the key, not the value. */
public final class InvalidSettingException extends TenantryException {

    private static final long serialVersionUID = 1L;

    /** @param message names the key and the expected form */
    public InvalidSettingException(String message) {
        super(message);
    }
}
