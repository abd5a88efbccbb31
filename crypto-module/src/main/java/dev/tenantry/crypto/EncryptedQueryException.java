package dev.tenantry.crypto;

/**
 * A JPQL or Criteria query compares an encrypted attribute ({@code WHERE c.apiToken = :token},
 * {@code LIKE}, {@code IN}, a function of it). Each stored value is a ciphertext of its own (a fresh
 * nonce per write), so no comparison can ever match: the query would silently find nothing, or
 * change nothing. Thrown before the query runs; {@code IS NULL} and {@code IS NOT NULL} are allowed.
 * Look rows up by another attribute, or keep a keyed hash (an HMAC) of the value in a column of its
 * own and compare that. The message names entity and attribute, never a value. Immutable.
 */
public final class EncryptedQueryException extends CryptoException {

    private static final long serialVersionUID = 1L;

    /**
     * @param entity    the entity whose attribute the query compares
     * @param attribute the encrypted attribute
     */
    public EncryptedQueryException(String entity, String attribute) {
        super("A query compares " + entity + "." + attribute + ", which is encrypted: each stored value is a ciphertext"
                + " of its own, so the comparison could never match and the query would silently find nothing. Look the"
                + " rows up by another attribute, or store a keyed hash (HMAC) of the value in a column of its own and"
                + " compare that; only IS NULL and IS NOT NULL may name an encrypted attribute.");
    }
}
