package nl.meldpunt.investigation.domain;

import static nl.meldpunt.contract.InvestigationStatus.CONCLUDED;
import static nl.meldpunt.contract.InvestigationStatus.IN_PROGRESS;
import static nl.meldpunt.contract.InvestigationStatus.OPEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import nl.meldpunt.contract.IncidentStatus;
import nl.meldpunt.contract.InvestigationStatus;

class InvestigationLifecycleTest {

    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @CsvSource({
            "OPEN, ASSIGN, IN_PROGRESS",
            "IN_PROGRESS, ASSIGN, IN_PROGRESS",
            "OPEN, RECORD_FINDING, OPEN",
            "IN_PROGRESS, RECORD_FINDING, IN_PROGRESS",
            "IN_PROGRESS, CONCLUDE, CONCLUDED"})
    void theGraphAllowsTheseMoves(InvestigationStatus from, Transition move, InvestigationStatus to) {
        assertEquals(to, InvestigationLifecycle.next(from, move));
        assertTrue(InvestigationLifecycle.allowed(from, move));
    }

    @ParameterizedTest(name = "{0} --{1}--> refused")
    @CsvSource({
            "OPEN, CONCLUDE",
            "CONCLUDED, ASSIGN",
            "CONCLUDED, RECORD_FINDING",
            "CONCLUDED, CONCLUDE"})
    void theGraphRefusesEveryOtherMove(InvestigationStatus from, Transition move) {
        InvalidTransition refused = assertThrows(InvalidTransition.class, () -> InvestigationLifecycle.next(from, move));
        assertEquals(from, refused.from());
        assertEquals(move, refused.transition());
    }

    @Test
    void everyPairOfStatusAndMoveIsEitherAllowedOrRefusedAsListedAbove() {
        int allowed = 0;
        for (InvestigationStatus from : InvestigationStatus.values()) {
            for (Transition move : Transition.values()) {
                allowed += InvestigationLifecycle.allowed(from, move) ? 1 : 0;
            }
        }
        assertEquals(5, allowed, "the five moves of theGraphAllowsTheseMoves, no more");
    }

    @Test
    void concludingAnOpenInvestigationAsksForAnAssigneeFirst() {
        assertEquals("an OPEN investigation must be assigned before it can be concluded",
                assertThrows(InvalidTransition.class, () -> InvestigationLifecycle.next(OPEN, Transition.CONCLUDE))
                        .getMessage());
        assertEquals("the investigation is concluded and takes no more findings",
                assertThrows(InvalidTransition.class,
                        () -> InvestigationLifecycle.next(CONCLUDED, Transition.RECORD_FINDING)).getMessage());
        assertEquals(IN_PROGRESS, InvestigationLifecycle.next(OPEN, Transition.ASSIGN));
    }

    @ParameterizedTest
    @EnumSource(value = IncidentStatus.class, names = {"TRIAGED", "INVESTIGATING"})
    void anInvestigationCanBeOpenedOnATriagedIncidentOrOneUnderInvestigation(IncidentStatus status) {
        InvestigationLifecycle.requireInvestigable("INC-2025-000123", status);
    }

    @ParameterizedTest
    @EnumSource(value = IncidentStatus.class, names = {"REPORTED", "RESOLVED", "CLOSED", "REJECTED"})
    void anInvestigationCannotBeOpenedBeforeTriageOrAfterResolutionOrRejection(IncidentStatus status) {
        IncidentNotInvestigable refused = assertThrows(IncidentNotInvestigable.class,
                () -> InvestigationLifecycle.requireInvestigable("INC-2025-000123", status));
        assertEquals(status, refused.status());
        assertTrue(refused.getMessage().startsWith("incident INC-2025-000123 "), refused.getMessage());
    }

    @Test
    void theOpeningRuleCoversEveryIncidentStatus() {
        EnumSet<IncidentStatus> investigable = EnumSet.noneOf(IncidentStatus.class);
        for (IncidentStatus s : IncidentStatus.values()) {
            try {
                InvestigationLifecycle.requireInvestigable("INC-1", s);
                investigable.add(s);
            } catch (IncidentNotInvestigable e) {
                // refused, as listed in the test above
            }
        }
        assertEquals(EnumSet.of(IncidentStatus.TRIAGED, IncidentStatus.INVESTIGATING), investigable);
    }
}
