package nl.meldpunt.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import nl.meldpunt.contract.Authority;

class TokensTest {

    private static final Tokens TOKENS = new Tokens(SigningKeys.generate());

    @Test
    void anAuthorityTheContractDoesNotKnowIsRefusedNamingEveryKnownOne() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TOKENS.mint("investigator", "NCSC"));
        assertTrue(refused.getMessage().contains("unknown authority 'NCSC'"), refused.getMessage());
        for (Authority authority : Authority.values()) {
            assertTrue(refused.getMessage().contains(authority.name()), refused.getMessage());
        }
    }

    @Test
    void theKnownAuthoritiesAreExactlyTheContractsAuthorities() {
        assertEquals(Arrays.stream(Authority.values()).map(Enum::name).toList(), Tokens.AUTHORITIES);
    }

    @Test
    void anUnknownRoleIsRefusedNamingTheRoles() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> TOKENS.mint("inspector", null));
        assertTrue(refused.getMessage().contains("unknown role 'inspector'"), refused.getMessage());
        assertTrue(refused.getMessage().contains("analyst, viewer, investigator"), refused.getMessage());
    }

    @Test
    void anInvestigatorWithoutAnAuthorityIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> TOKENS.mint("investigator", null));
        assertTrue(refused.getMessage().contains("--authority"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TOKENS.mint("investigator", " "));
    }

    @Test
    void aKnownAuthorityInAnyCaseIsWrittenAsTheContractSpellsIt() {
        String token = TOKENS.mint("investigator", "igj");
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertTrue(claims.contains("\"authority\":\"IGJ\""), claims);
        assertTrue(claims.contains("\"groups\":[\"investigator\"]"), claims);
    }
}
