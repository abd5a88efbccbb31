package dev.tenantry.tenancy.internal;

import dev.tenantry.persistence.internal.Config;
import dev.tenantry.tenancy.TenancySettings;
import dev.tenantry.tenancy.spi.TenantResolver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Optional;

/**
 * A claim of a MicroProfile JWT caller (default {@code org_id}, set with
 * {@value TenancySettings#JWT_CLAIM}) naming the organization by id or slug. Priority 200, after
 * the {@code X-Tenant} header, so a token holder can still pick another organization they belong to.
 *
 * <p>MicroProfile JWT is optional: the principal is recognised by its interface name, so this
 * resolver answers nothing (and costs nothing) on servers or applications without it.
 */
@ApplicationScoped
public class JwtClaimTenantResolver implements TenantResolver {

    static final String JSON_WEB_TOKEN = "org.eclipse.microprofile.jwt.JsonWebToken";

    @Override
    public Optional<String> resolve(ContainerRequestContext request) {
        Principal caller = request.getSecurityContext() == null ? null : request.getSecurityContext().getUserPrincipal();
        return claim(caller, Config.get(TenancySettings.JWT_CLAIM, TenancySettings.DEFAULT_JWT_CLAIM));
    }

    @Override
    public int priority() {
        return 200;
    }

    /**
     * @param caller the authenticated principal, or null
     * @param name   the claim
     * @return the claim's text when the caller is a MicroProfile JWT holding it as a non-blank string
     */
    static Optional<String> claim(Principal caller, String name) {
        if (caller == null) {
            return Optional.empty();
        }
        Class<?> token = jsonWebTokenType(caller.getClass());
        if (token == null) {
            return Optional.empty();
        }
        Object value;
        try {
            Method getClaim = token.getMethod("getClaim", String.class);
            value = getClaim.invoke(caller, name);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read claim '" + name + "' of the caller's JSON Web Token", e);
        }
        if (value instanceof jakarta.json.JsonString json) {
            value = json.getString();
        }
        return value instanceof String text && !text.isBlank() ? Optional.of(text.trim()) : Optional.empty();
    }

    private static Class<?> jsonWebTokenType(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(JSON_WEB_TOKEN)) {
                    return i;
                }
                Class<?> inherited = jsonWebTokenType(i);
                if (inherited != null) {
                    return inherited;
                }
            }
        }
        return null;
    }
}
