package nl.meldpunt.investigation.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Finding;
import nl.meldpunt.contract.InvestigationSnapshot;
import nl.meldpunt.contract.InvestigationStatus;
import nl.meldpunt.contract.Outcome;
import nl.meldpunt.contract.Visibility;

class InvestigationTest {

    private static final Instant OPENED = Instant.parse("2025-07-07T11:30:01Z");
    private static final Instant LATER = Instant.parse("2025-07-08T07:45:00Z");
    private static final UUID INCIDENT = UUID.fromString("0197e428-0f00-7a1c-8f3e-2d4b5c6a7b8c");

    private static Investigation open(Authority authority) {
        return Investigation.open(UUID.randomUUID(), INCIDENT, "INC-2025-000123", authority,
                "required at triage of INC-2025-000123", OPENED);
    }

    private static Investigation inProgress(Authority authority) {
        Investigation i = open(authority);
        i.assign("investigator@" + authority.name().toLowerCase() + ".meldpunt.local", LATER);
        return i;
    }

    private static Investigation concluded() {
        Investigation i = inProgress(Authority.IGJ);
        i.conclude(Outcome.ORDER, "NEN 7510 not met", List.of("MFA within 30 days"), EnforcementPowers.SUPERVISORS, LATER);
        return i;
    }

    @Test
    void aNewInvestigationIsOpenAtVersionOneWithoutFindings() {
        InvestigationSnapshot s = open(Authority.AP).snapshot();
        assertEquals(InvestigationStatus.OPEN, s.status());
        assertEquals(1, s.version());
        assertEquals(0, s.findingCount());
        assertEquals(OPENED, s.openedAt());
        assertEquals("INC-2025-000123", s.incidentReference());
        assertEquals("required at triage of INC-2025-000123", s.basis());
        assertNull(s.assignee());
        assertNull(s.measures());
    }

    @Test
    void anOpeningNamesTheAuthorityAndItsBasis() {
        InvalidInput refused = assertThrows(InvalidInput.class,
                () -> Investigation.open(UUID.randomUUID(), INCIDENT, "INC-1", null, " ", OPENED));
        assertEquals(List.of(new FieldViolation("authority", "is required"), new FieldViolation("basis", "is required")),
                refused.violations());
        assertThrows(InvalidInput.class, () -> Investigation.checkOpening(Authority.INDEPENDENT, "x".repeat(1001)));
    }

    @Test
    void assigningAnOpenInvestigationPutsItInProgress() {
        Investigation i = open(Authority.IGJ);
        assertTrue(i.assign("investigator@igj.meldpunt.local", LATER));
        assertEquals(InvestigationStatus.IN_PROGRESS, i.status());
        assertEquals("investigator@igj.meldpunt.local", i.assignee());
        assertEquals(LATER, i.assignedAt());
        assertEquals(2, i.version());
    }

    @Test
    void reassigningWhileInProgressHandsItOver() {
        Investigation i = inProgress(Authority.IGJ);
        Instant handover = LATER.plusSeconds(3600);
        assertTrue(i.assign("second@igj.meldpunt.local", handover));
        assertEquals(InvestigationStatus.IN_PROGRESS, i.status());
        assertEquals("second@igj.meldpunt.local", i.assignee());
        assertEquals(handover, i.assignedAt());
        assertEquals(3, i.version());
    }

    @Test
    void assigningTheCurrentAssigneeAgainChangesNothing() {
        Investigation i = inProgress(Authority.AP);
        assertFalse(i.assign("investigator@ap.meldpunt.local", LATER.plusSeconds(60)));
        assertEquals(2, i.version());
        assertEquals(LATER, i.assignedAt());
    }

    @Test
    void aConcludedInvestigationCannotBeAssigned() {
        Investigation i = concluded();
        assertThrows(InvalidTransition.class, () -> i.assign("investigator@igj.meldpunt.local", LATER));
        assertThrows(InvalidTransition.class, () -> i.assign("someone.else", LATER));
        assertEquals(InvestigationStatus.CONCLUDED, i.status());
    }

    @Test
    void anAssignmentNamesTheAssignee() {
        Investigation i = open(Authority.IGJ);
        assertEquals("assignee", assertThrows(InvalidInput.class, () -> i.assign("", LATER)).violations().get(0).field());
        assertThrows(InvalidInput.class, () -> i.assign("x".repeat(201), LATER));
        assertEquals(InvestigationStatus.OPEN, i.status());
    }

    @Test
    void findingsAreRecordedWhileOpenAndWhileInProgress() {
        Investigation i = open(Authority.AP);
        UUID first = UUID.randomUUID();
        Finding f = i.recordFinding(first, "Backups were unencrypted", Visibility.AUTHORITY, "investigator@ap", LATER);
        assertEquals(new Finding(first, Authority.AP, Visibility.AUTHORITY, "Backups were unencrypted", "investigator@ap",
                LATER), f);
        assertEquals(InvestigationStatus.OPEN, i.status());
        i.assign("investigator@ap", LATER);
        i.recordFinding(UUID.randomUUID(), "Same entry point as at the lab", Visibility.SHARED, "investigator@ap", LATER);
        assertEquals(InvestigationStatus.IN_PROGRESS, i.status());
        assertEquals(2, i.findingCount());
        assertEquals(4, i.version());
    }

    @Test
    void aConcludedInvestigationTakesNoMoreFindings() {
        Investigation i = concluded();
        assertThrows(InvalidTransition.class,
                () -> i.recordFinding(UUID.randomUUID(), "late", Visibility.SHARED, "investigator@igj", LATER));
        assertEquals(0, i.findingCount());
    }

    @Test
    void aFindingHasTextAndAVisibility() {
        Investigation i = open(Authority.IGJ);
        InvalidInput refused = assertThrows(InvalidInput.class,
                () -> i.recordFinding(UUID.randomUUID(), null, null, "investigator@igj", LATER));
        assertEquals(List.of("text", "visibility"), refused.violations().stream().map(FieldViolation::field).toList());
        assertEquals(0, i.findingCount());
        assertEquals(1, i.version());
    }

    @Test
    void concludingAnInvestigationInProgressRecordsOutcomeSummaryAndMeasures() {
        Investigation i = inProgress(Authority.IGJ);
        Instant at = LATER.plusSeconds(86400);
        i.conclude(Outcome.ORDER, "NEN 7510 not met", List.of("MFA within 30 days", "Audit by an accredited body"),
                EnforcementPowers.SUPERVISORS, at);
        InvestigationSnapshot s = i.snapshot();
        assertEquals(InvestigationStatus.CONCLUDED, s.status());
        assertEquals(Outcome.ORDER, s.outcome());
        assertEquals("NEN 7510 not met", s.summary());
        assertEquals(List.of("MFA within 30 days", "Audit by an accredited body"), s.measures());
        assertEquals(at, s.concludedAt());
        assertEquals(3, s.version());
    }

    @Test
    void measuresAreOptionalAndThenEmpty() {
        Investigation i = inProgress(Authority.AP);
        i.conclude(Outcome.NO_ACTION, "Notified in time; measures adequate", null, EnforcementPowers.SUPERVISORS, LATER);
        assertEquals(List.of(), i.measures());
    }

    @Test
    void anOpenInvestigationCannotBeConcluded() {
        Investigation i = open(Authority.AP);
        assertThrows(InvalidTransition.class,
                () -> i.conclude(Outcome.WARNING, "summary", List.of(), EnforcementPowers.SUPERVISORS, LATER));
        assertEquals(InvestigationStatus.OPEN, i.status());
        assertNull(i.outcome());
    }

    @Test
    void anInvestigationIsConcludedOnce() {
        Investigation i = concluded();
        assertThrows(InvalidTransition.class,
                () -> i.conclude(Outcome.FINE, "again", List.of(), EnforcementPowers.SUPERVISORS, LATER));
        assertEquals(Outcome.ORDER, i.outcome());
    }

    @Test
    void aConclusionNamesEachMissingOrBadField() {
        Investigation i = inProgress(Authority.IGJ);
        InvalidInput refused = assertThrows(InvalidInput.class,
                () -> i.conclude(null, " ", Arrays.asList("MFA", " ", null), EnforcementPowers.SUPERVISORS, LATER));
        assertEquals(List.of("outcome", "summary", "measures[1]", "measures[2]"),
                refused.violations().stream().map(FieldViolation::field).toList());
        assertThrows(InvalidInput.class, () -> i.conclude(Outcome.WARNING, "s", java.util.Collections.nCopies(51, "m"),
                EnforcementPowers.SUPERVISORS, LATER));
        assertEquals(InvestigationStatus.IN_PROGRESS, i.status());
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = {"ORDER", "FINE"})
    void anAuthorityWithoutEnforcementPowersCannotOrderOrFine(Outcome outcome) {
        for (Authority advisor : List.of(Authority.CSIRT, Authority.INDEPENDENT)) {
            Investigation i = inProgress(advisor);
            assertThrows(OutcomeNotAllowed.class,
                    () -> i.conclude(outcome, "summary", List.of(), EnforcementPowers.SUPERVISORS, LATER));
            assertEquals(InvestigationStatus.IN_PROGRESS, i.status());
        }
        Investigation ap = inProgress(Authority.AP);
        ap.conclude(outcome, "summary", List.of(), EnforcementPowers.SUPERVISORS, LATER);
        assertEquals(outcome, ap.outcome());
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = {"NO_ACTION", "RECOMMENDATIONS", "WARNING"})
    void everyAuthorityMayAdviseOrWarn(Outcome outcome) {
        Investigation csirt = inProgress(Authority.CSIRT);
        csirt.conclude(outcome, "summary", List.of("Patch the VPN appliance"), EnforcementPowers.SUPERVISORS, LATER);
        assertEquals(InvestigationStatus.CONCLUDED, csirt.status());
    }
}
