package dev.tenantry.example;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP BASIC sign-in (RFC 7617) for the example's {@link DemoUsers}, parsed strictly.
 *
 * <p>It replaces {@code @BasicAuthenticationMechanismDefinition}: the servers' built-in mechanism
 * (Soteria, on Payara and WildFly) answers a malformed {@code Authorization: Basic} header — not
 * Base64, no colon, an empty password — with a bare 500, and cuts a password that contains a colon
 * at that colon. Here anything that is not {@code Basic base64(user ":" password)} in UTF-8 is a 401
 * with a {@code WWW-Authenticate} challenge, like a wrong password; the password is everything after
 * the first colon.
 */
@ApplicationScoped
public class BasicSignIn implements HttpAuthenticationMechanism {

    private static final String CHALLENGE = "Basic realm=\"tenantry-example\", charset=\"UTF-8\"";

    @Inject
    IdentityStoreHandler identityStores;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic", 0, 5)) {
            // no BASIC credentials: an anonymous request (resources that need a caller refuse it themselves)
            return context.isProtected() ? refuse(response, context) : context.doNothing();
        }
        UsernamePasswordCredential credential = credentialOf(header);
        if (credential == null) {
            return refuse(response, context);
        }
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return refuse(response, context);
        }
        return context.notifyContainerAboutLogin(result);
    }

    /**
     * @param header an {@code Authorization} header that starts with "Basic"
     * @return its name and password, or {@code null} when it is not well formed
     */
    static UsernamePasswordCredential credentialOf(String header) {
        if (header.length() < 7 || header.charAt(5) != ' ') {
            return null;
        }
        String text;
        try {
            byte[] bytes = Base64.getDecoder().decode(header.substring(6).trim());
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return null;   // no name, or no password
        }
        return new UsernamePasswordCredential(text.substring(0, colon), text.substring(colon + 1));
    }

    private static AuthenticationStatus refuse(HttpServletResponse response, HttpMessageContext context) {
        response.setHeader("WWW-Authenticate", CHALLENGE);
        return context.responseUnauthorized();
    }
}
