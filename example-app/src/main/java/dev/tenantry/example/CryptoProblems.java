package dev.tenantry.example;

import dev.tenantry.crypto.CryptoException;
import dev.tenantry.crypto.DecryptionFailedException;
import dev.tenantry.persistence.errors.ProblemDetailsMapper;
import dev.tenantry.persistence.errors.ProblemDetailsMapper.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A stored value that fails to decrypt is a server-side problem: 500, naming where, never what. */
@Provider
public class CryptoProblems implements ExceptionMapper<CryptoException> {

    @Override
    public Response toResponse(CryptoException e) {
        String where = e instanceof DecryptionFailedException d && d.entity().isPresent()
                ? d.entity().get() + "." + d.attribute().orElse("?") : "an encrypted value";
        return ProblemDetailsMapper.response(new Problem(500, "decryption-failed", "Stored value unreadable"),
                "The stored value of " + where + " could not be decrypted.", null);
    }
}
