package nl.meldpunt.investigation.domain;

import static nl.meldpunt.investigation.domain.AccessPolicy.View.FULL;
import static nl.meldpunt.investigation.domain.AccessPolicy.View.HIDDEN;
import static nl.meldpunt.investigation.domain.AccessPolicy.View.REDACTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Finding;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.contract.Visibility;
import nl.meldpunt.investigation.domain.AccessPolicy.Reader;

class AccessPolicyTest {

    private static final Set<Authority> IGJ_AND_AP = Set.of(Authority.IGJ, Authority.AP);
    private static final Reader IGJ = Reader.investigator(Authority.IGJ);
    private static final Reader AP = Reader.investigator(Authority.AP);
    private static final Reader CSIRT = Reader.investigator(Authority.CSIRT);

    private static Finding finding(Authority authority, Visibility visibility) {
        return new Finding(UUID.randomUUID(), authority, visibility, "text", "someone", Instant.EPOCH);
    }

    @ParameterizedTest
    @EnumSource(Tlp.class)
    void analystsSeeEverything(Tlp tlp) {
        assertEquals(FULL, AccessPolicy.view(Reader.analyst(), tlp, Set.of()));
        assertTrue(AccessPolicy.showsFinding(Reader.analyst(), finding(Authority.IGJ, Visibility.AUTHORITY)));
    }

    @ParameterizedTest
    @EnumSource(Tlp.class)
    void investigatorsSeeTheInvestigationsOfIncidentsTheirAuthorityInvestigatesWhateverTheTlp(Tlp tlp) {
        assertEquals(FULL, AccessPolicy.view(IGJ, tlp, IGJ_AND_AP));
        assertEquals(FULL, AccessPolicy.view(AP, tlp, IGJ_AND_AP));
        assertEquals(HIDDEN, AccessPolicy.view(CSIRT, tlp, IGJ_AND_AP));
    }

    @Test
    void investigatorsSeeTheirOwnFindingsAndSharedOnesButNeverAnotherAuthoritysOwn() {
        assertTrue(AccessPolicy.showsFinding(IGJ, finding(Authority.IGJ, Visibility.AUTHORITY)));
        assertTrue(AccessPolicy.showsFinding(IGJ, finding(Authority.IGJ, Visibility.SHARED)));
        assertTrue(AccessPolicy.showsFinding(IGJ, finding(Authority.AP, Visibility.SHARED)));
        assertFalse(AccessPolicy.showsFinding(IGJ, finding(Authority.AP, Visibility.AUTHORITY)));
        assertFalse(AccessPolicy.showsFinding(AP, finding(Authority.IGJ, Visibility.AUTHORITY)));
    }

    @Test
    void viewersSeeClearAndGreenInFullAmberRedactedAndRedNotAtAll() {
        assertEquals(FULL, AccessPolicy.view(Reader.viewer(), Tlp.CLEAR, IGJ_AND_AP));
        assertEquals(FULL, AccessPolicy.view(Reader.viewer(), Tlp.GREEN, IGJ_AND_AP));
        assertEquals(REDACTED, AccessPolicy.view(Reader.viewer(), Tlp.AMBER, IGJ_AND_AP));
        assertEquals(REDACTED, AccessPolicy.view(Reader.viewer(), Tlp.AMBER_STRICT, IGJ_AND_AP));
        assertEquals(HIDDEN, AccessPolicy.view(Reader.viewer(), Tlp.RED, IGJ_AND_AP));
    }

    @ParameterizedTest
    @EnumSource(Visibility.class)
    void viewersReadNoFindingText(Visibility visibility) {
        assertFalse(AccessPolicy.showsFinding(Reader.viewer(), finding(Authority.AP, visibility)));
    }

    @Test
    void investigatorsChangeOnlyTheirOwnAuthoritysInvestigationsAnalystsAnyAndViewersNone() {
        assertTrue(AccessPolicy.mayChange(AP, Authority.AP));
        assertFalse(AccessPolicy.mayChange(AP, Authority.IGJ));
        assertFalse(AccessPolicy.mayChange(IGJ, Authority.AP));
        for (Authority a : Authority.values()) {
            assertTrue(AccessPolicy.mayChange(Reader.analyst(), a));
            assertFalse(AccessPolicy.mayChange(Reader.viewer(), a));
        }
    }

    @Test
    void anInvestigatorAlwaysActsForAnAuthority() {
        assertThrows(IllegalArgumentException.class, () -> Reader.investigator(null));
    }
}
