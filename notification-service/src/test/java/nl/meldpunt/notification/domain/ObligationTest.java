package nl.meldpunt.notification.domain;

import static nl.meldpunt.notification.IncidentFacts.SCREENING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nl.meldpunt.contract.ObligationKind;
import nl.meldpunt.contract.ObligationState;
import nl.meldpunt.contract.Severity;
import nl.meldpunt.notification.IncidentFacts;

class ObligationTest {

    private final ObligationRules rules = ReferenceRules.rules();
    private final IncidentFacts facts = IncidentFacts.referenceCase();

    private Obligation open(ObligationKind kind, Submissions submissions) {
        Requirement r = rules.evaluate(facts.snapshot(), submissions).requirements().stream()
                .filter(q -> q.kind() == kind).findFirst().orElseThrow();
        return Obligation.open(facts.id, facts.reference, r, "after incident.reported (incident version 1)", facts.updatedAt);
    }

    private Obligation apRunningFrom(Instant told) {
        return open(ObligationKind.GDPR_ART33_AP, new Submissions(Map.of(SCREENING, told), null));
    }

    @Test
    void anObligationWhoseClockCanStartOpensPendingAndOneThatCannotOpensWaiting() {
        Obligation notice = open(ObligationKind.GDPR_ART33_2_CONTROLLER, Submissions.NONE);
        assertEquals(ObligationState.PENDING, notice.state());
        assertEquals(1, notice.version());
        assertTrue(notice.history().get(0).reason().startsWith("Opened after incident.reported"));
        Obligation ap = open(ObligationKind.GDPR_ART33_AP, Submissions.NONE);
        assertEquals(ObligationState.WAITING, ap.state());
        assertNull(ap.dueAt());
    }

    @Test
    void aWaitingClockStartsWhenThePartysAwarenessBecomesKnownAndSaysWhy() {
        Obligation ap = open(ObligationKind.GDPR_ART33_AP, Submissions.NONE);
        Instant told = Instant.parse("2025-08-06T09:00:00Z");
        Requirement running = rules.evaluate(facts.snapshot(), new Submissions(Map.of(SCREENING, told), null))
                .requirements().stream().filter(q -> q.kind() == ObligationKind.GDPR_ART33_AP).findFirst().orElseThrow();
        assertTrue(ap.reconcile(running, "after GDPR_ART33_2_CONTROLLER was fulfilled", told));
        assertEquals(ObligationState.PENDING, ap.state());
        assertEquals(told, ap.clockStartedAt());
        assertEquals(Instant.parse("2025-08-09T09:00:00Z"), ap.dueAt());
        assertTrue(ap.history().get(1).reason().startsWith("Clock started after GDPR_ART33_2_CONTROLLER was fulfilled"));
        assertFalse(ap.reconcile(running, "again", told), "the same requirement again changes nothing");
        assertEquals(2, ap.version());
    }

    @Test
    void severityLoweredAfterTriageKeepsTheOpenedObligationAndItsHistorySaysWhy() {
        Obligation warning = open(ObligationKind.NIS2_EARLY_WARNING, Submissions.NONE);
        facts.next(Instant.parse("2025-07-06T15:00:00Z")).severity = Severity.MEDIUM;
        Evaluation triaged = rules.evaluate(facts.snapshot(), Submissions.NONE);
        assertTrue(triaged.requirements().stream().noneMatch(r -> r.kind() == ObligationKind.NIS2_EARLY_WARNING));

        String why = triaged.whyNot(warning.kind(), warning.party(), warning.recipient());
        assertTrue(warning.noLongerRequired(why, "after incident.triaged (incident version 2)", facts.updatedAt));
        assertEquals(ObligationState.PENDING, warning.state(), "a duty that arose is fulfilled or waived, never dropped");
        assertFalse(warning.requiredByRules());
        String reason = warning.history().get(warning.history().size() - 1).reason();
        assertTrue(reason.contains("after incident.triaged"), reason);
        assertTrue(reason.contains("severity MEDIUM: not a significant incident under NIS2 Art. 23(3)"), reason);
        assertFalse(warning.noLongerRequired(why, "again", facts.updatedAt), "said once");
    }

    @Test
    void aLateApNotificationWithoutReasonsForTheDelayIsRefusedNamingDelayReason() {
        Obligation ap = apRunningFrom(Instant.parse("2025-08-06T09:00:00Z"));
        Instant late = Instant.parse("2025-08-10T09:00:00Z");
        InvalidField refused = assertThrows(InvalidField.class,
                () -> ap.fulfil(late, "AP-2025-1", null, late.plusSeconds(60), "analyst"));
        assertEquals("delayReason", refused.field());
        assertTrue(refused.reason().contains("Art. 33(1)"));
        ap.fulfil(late, "AP-2025-1", "Scope of the stolen files was only confirmed on 9 August.", late.plusSeconds(60), "analyst");
        assertEquals(ObligationState.FULFILLED, ap.state());
        assertEquals("Scope of the stolen files was only confirmed on 9 August.", ap.delayReason());
    }

    @Test
    void anApNotificationInTimeNeedsNoReasons() {
        Obligation ap = apRunningFrom(Instant.parse("2025-08-06T09:00:00Z"));
        Instant inTime = Instant.parse("2025-08-08T09:00:00Z");
        ap.fulfil(inTime, "AP-2025-2", null, inTime, "analyst");
        assertEquals(inTime, ap.fulfilledAt());
        assertEquals("AP-2025-2", ap.submissionReference());
    }

    @Test
    void anOverdueObligationCanStillBeFulfilledLateAndTheHistoryShowsIt() {
        Obligation notice = open(ObligationKind.GDPR_ART33_2_CONTROLLER, Submissions.NONE);
        Instant later = Instant.parse("2025-08-06T10:00:00Z");
        assertTrue(notice.pastDue(later));
        notice.markOverdue(later);
        assertEquals(ObligationState.OVERDUE, notice.state());
        notice.fulfil(Instant.parse("2025-08-06T09:00:00Z"), "CD-BVO-2025-0806", null, later, "analyst@meldpunt.local");
        assertEquals(ObligationState.FULFILLED, notice.state());
        String last = notice.history().get(notice.history().size() - 1).reason();
        assertTrue(last.contains("30 d 1 h late (was OVERDUE)"), last);
        assertEquals("analyst@meldpunt.local", notice.history().get(notice.history().size() - 1).actor());
    }

    @Test
    void fulfilledAndWaivedAreFinal() {
        Obligation notice = open(ObligationKind.GDPR_ART33_2_CONTROLLER, Submissions.NONE);
        Instant now = Instant.parse("2025-07-06T12:00:00Z");
        notice.fulfil(now, "ref", null, now, "analyst");
        assertThrows(InvalidTransition.class, () -> notice.fulfil(now, "ref", null, now, "analyst"));
        assertThrows(InvalidTransition.class, () -> notice.waive("no longer needed", now, "analyst"));

        Obligation igj = open(ObligationKind.IGJ_CALAMITY_REPORT, Submissions.NONE);
        igj.waive("The IGJ opened its own investigation and needs no separate report.", now, "analyst");
        assertEquals(ObligationState.WAIVED, igj.state());
        assertThrows(InvalidTransition.class, () -> igj.fulfil(now, "ref", null, now, "analyst"));
    }

    @Test
    void aWaitingObligationCannotBeFulfilledBeforeItsClockStarts() {
        Obligation report = open(ObligationKind.NIS2_FINAL_REPORT, Submissions.NONE);
        InvalidTransition refused = assertThrows(InvalidTransition.class, () -> report.fulfil(Instant.parse(
                "2025-07-10T00:00:00Z"), "ref", null, Instant.parse("2025-07-10T00:00:00Z"), "analyst"));
        assertTrue(refused.getMessage().contains("has not been submitted"));
    }

    @Test
    void waivingNeedsAJustification() {
        Obligation igj = open(ObligationKind.IGJ_CALAMITY_REPORT, Submissions.NONE);
        InvalidField refused = assertThrows(InvalidField.class, () -> igj.waive(" ", Instant.now(), "analyst"));
        assertEquals("justification", refused.field());
        assertTrue(refused.reason().contains("Art. 33(5)"));
    }

    @Test
    void aSubmissionCannotBeInTheFutureOrBeforeTheClockStarted() {
        Obligation notice = open(ObligationKind.GDPR_ART33_2_CONTROLLER, Submissions.NONE);
        Instant now = Instant.parse("2025-07-06T12:00:00Z");
        assertEquals("submittedAt", assertThrows(InvalidField.class,
                () -> notice.fulfil(now.plusSeconds(3600), "ref", null, now, "analyst")).field());
        assertEquals("submittedAt", assertThrows(InvalidField.class,
                () -> notice.fulfil(Instant.parse("2025-07-01T00:00:00Z"), "ref", null, now, "analyst")).field());
        assertEquals("reference", assertThrows(InvalidField.class, () -> notice.fulfil(now, "", null, now, "analyst")).field());
    }

    @Test
    void dueSoonIsTheLeadTimeBeforeTheDeadlineAndOverdueIsAtIt() {
        Obligation warning = open(ObligationKind.NIS2_EARLY_WARNING, Submissions.NONE);
        Duration lead = Duration.ofHours(12);
        assertFalse(warning.dueSoon(Instant.parse("2025-07-06T19:59:00Z"), lead));
        assertTrue(warning.dueSoon(Instant.parse("2025-07-06T20:00:00Z"), lead));
        assertFalse(warning.pastDue(Instant.parse("2025-07-07T07:59:59Z")));
        assertTrue(warning.pastDue(Instant.parse("2025-07-07T08:00:00Z")));
        assertFalse(warning.dueSoon(Instant.parse("2025-07-07T08:00:00Z"), lead), "past due is overdue, not due soon");
        assertThrows(InvalidTransition.class, () -> warning.markOverdue(Instant.parse("2025-07-07T07:00:00Z")));
    }
}
