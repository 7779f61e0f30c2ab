package nl.meldpunt.localstack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.meldpunt.contract.Authority;

/**
 * Mints RS256 bearer tokens for the local stack and the tests. The services verify them
 * with quarkus-oidc against the public key, exactly as they would a Keycloak token.
 */
public final class Tokens {

    public static final String ISSUER = "https://meldpunt.local/issuer";
    /**
     * The audience every Meldpunt service accepts. A token the same issuer signed for another
     * application (another audience) must not open Meldpunt's API.
     */
    public static final String AUDIENCE = "meldpunt";
    public static final List<String> ROLES = List.of("analyst", "viewer", "investigator");
    /** The services accept exactly the contract's authorities, so the list comes from there and cannot drift. */
    public static final List<String> AUTHORITIES = Arrays.stream(Authority.values()).map(Enum::name).toList();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SigningKeys keys;

    public Tokens(SigningKeys keys) {
        this.keys = keys;
    }

    /** What a token says about its bearer. */
    public record Claims(String subject, String organisation, String role, String authority, Duration ttl) {

        /**
         * Refuses what the services would refuse, so that nobody is handed a token that every
         * service then answers with 403: an unknown role, an unknown authority, an investigator
         * without one.
         */
        public static Claims of(String role, String authority) {
            String r = role == null ? "" : role.toLowerCase(Locale.ROOT);
            if (!ROLES.contains(r)) {
                throw new IllegalArgumentException("unknown role '" + role + "': the roles are " + String.join(", ", ROLES));
            }
            if ("investigator".equals(r) && (authority == null || authority.isBlank())) {
                throw new IllegalArgumentException("an investigator token needs --authority, one of "
                        + String.join(", ", AUTHORITIES));
            }
            String a = authority == null || authority.isBlank() ? null : authority.toUpperCase(Locale.ROOT);
            if (a != null && !AUTHORITIES.contains(a)) {
                throw new IllegalArgumentException("unknown authority '" + authority + "': the authorities are "
                        + String.join(", ", AUTHORITIES));
            }
            String subject = a == null ? r + "@meldpunt.local" : r + "@" + a.toLowerCase(Locale.ROOT) + ".meldpunt.local";
            String org = a != null ? a : "analyst".equals(r) ? "Z-CERT" : "Meldpunt dashboard";
            return new Claims(subject, org, r, a, Duration.ofHours(12));
        }

        public Claims withSubject(String s) {
            return new Claims(s, organisation, role, authority, ttl);
        }

        public Claims withOrganisation(String o) {
            return new Claims(subject, o, role, authority, ttl);
        }

        public Claims withTtl(Duration d) {
            return new Claims(subject, organisation, role, authority, d);
        }
    }

    public String mint(String role, String authority) {
        return mint(Claims.of(role, authority));
    }

    public String mint(Claims c) {
        return mint(c, AUDIENCE);
    }

    /** A token for {@code audience}; {@code null} mints one without an {@code aud} claim. */
    public String mint(Claims c, String audience) {
        Instant now = Instant.now();
        Map<String, Object> header = Map.of("alg", "RS256", "typ", "JWT");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("iss", ISSUER);
        if (audience != null) {
            body.put("aud", audience);
        }
        body.put("sub", c.subject());
        body.put("preferred_username", c.subject());
        body.put("org", c.organisation());
        body.put("groups", List.of(c.role()));
        if (c.authority() != null) {
            body.put("authority", c.authority());
        }
        body.put("iat", now.getEpochSecond());
        body.put("exp", now.plus(c.ttl()).getEpochSecond());
        body.put("jti", UUID.randomUUID().toString());
        try {
            String signingInput = B64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + B64.encodeToString(JSON.writeValueAsBytes(body));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(keys.privateKey());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rsa.sign());
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
