package dev.tenantry.crypto;

/**
 * A stored value could not be decrypted: it was changed, truncated, copied from another row, column,
 * table or tenant, sealed with a key version the key ring does not have, or no configured engine
 * can open it (a Jasypt value with the wrong password, or no legacy engine). Nothing is returned in
 * its place, and the message never holds the value. Immutable.
 */
public final class DecryptionFailedException extends CryptoException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final String entity;
    private final String attribute;

    /**
     * @param reason what is wrong with the stored value (never the value itself)
     */
    public DecryptionFailedException(String reason) {
        this(reason, null, null);
    }

    private DecryptionFailedException(String reason, String entity, String attribute) {
        super("Cannot decrypt " + (entity == null ? "an encrypted value" : entity + "." + attribute) + ": " + reason
                + ". Nothing was returned in its place; if the value was changed or copied here, restore it from a"
                + " backup or write it again.");
        this.reason = reason;
        this.entity = entity;
        this.attribute = attribute;
    }

    /**
     * @param entityName    entity name
     * @param attributeName attribute name
     * @return the same failure, naming where the value is stored
     */
    public DecryptionFailedException at(String entityName, String attributeName) {
        DecryptionFailedException located = new DecryptionFailedException(reason, entityName, attributeName);
        located.setStackTrace(getStackTrace());
        return located;
    }

    /** @return the entity whose attribute failed, when known */
    public java.util.Optional<String> entity() {
        return java.util.Optional.ofNullable(entity);
    }

    /** @return the attribute that failed, when known */
    public java.util.Optional<String> attribute() {
        return java.util.Optional.ofNullable(attribute);
    }
}
