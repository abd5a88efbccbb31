package dev.tenantry.example;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Map;
import java.util.Set;

/**
 * Demo sign-in for the example (HTTP BASIC, through {@link BasicSignIn}): alice, bob, vera and mallory, each with the password
 * "&lt;name&gt;-pw". A real application plugs in its own identity store or OIDC/JWT.
 */
@ApplicationScoped
public class DemoUsers implements IdentityStore {

    private static final Map<String, String> PASSWORDS = Map.of(
            "alice", "alice-pw", "bob", "bob-pw", "vera", "vera-pw", "mallory", "mallory-pw");

    /**
     * @param credential name and password
     * @return valid for a demo user with the right password
     */
    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        String expected = PASSWORDS.get(credential.getCaller());
        if (expected != null && credential.compareTo(credential.getCaller(), expected)) {
            return new CredentialValidationResult(credential.getCaller(), Set.of("user"));
        }
        return CredentialValidationResult.INVALID_RESULT;
    }
}
