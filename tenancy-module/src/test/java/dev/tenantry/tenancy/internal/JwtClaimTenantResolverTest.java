package dev.tenantry.tenancy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class JwtClaimTenantResolverTest {

    /** A MicroProfile JWT caller as a server's JWT layer hands it over: claims by name. */
    private record Token(Map<String, Object> claims) implements JsonWebToken {
        @Override
        public String getName() {
            return "alice";
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @SuppressWarnings("unchecked")
        @Override
        public <T> T getClaim(String claimName) {
            return (T) claims.get(claimName);
        }
    }

    @Test
    void readsTheConfiguredClaimAsStringOrJsonString() {
        assertThat(JwtClaimTenantResolver.claim(new Token(Map.of("org_id", "acme")), "org_id")).contains("acme");
        assertThat(JwtClaimTenantResolver.claim(new Token(Map.of("tenant", Json.createValue(" globex "))), "tenant"))
                .contains("globex");
    }

    @Test
    void answersNothingForOtherPrincipalsMissingBlankOrNonTextClaims() {
        Principal plain = () -> "bob";
        assertThat(JwtClaimTenantResolver.claim(plain, "org_id")).isEmpty();
        assertThat(JwtClaimTenantResolver.claim(null, "org_id")).isEmpty();
        assertThat(JwtClaimTenantResolver.claim(new Token(Map.of()), "org_id")).isEmpty();
        assertThat(JwtClaimTenantResolver.claim(new Token(Map.of("org_id", " ")), "org_id")).isEmpty();
        assertThat(JwtClaimTenantResolver.claim(new Token(Map.of("org_id", 42L)), "org_id")).isEmpty();
    }
}
