package dev.tenantry.it.thin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/** The thin WAR's sign-in (HTTP BASIC): {@code tess} and {@code max}, each with the password "&lt;name&gt;-pw". */
@ApplicationScoped
@BasicAuthenticationMechanismDefinition(realmName = "tenantry-thin")
public class ThinUsers implements IdentityStore {

    /** The owner of the seeded organization. */
    public static final String OWNER = "tess";

    /** A user who belongs to no organization. */
    public static final String STRANGER = "max";

    /**
     * @param credential name and password
     * @return valid for a known user with the right password
     */
    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        String caller = credential.getCaller();
        if ((OWNER.equals(caller) || STRANGER.equals(caller)) && credential.compareTo(caller, caller + "-pw")) {
            return new CredentialValidationResult(caller, Set.of("user"));
        }
        return CredentialValidationResult.INVALID_RESULT;
    }
}
