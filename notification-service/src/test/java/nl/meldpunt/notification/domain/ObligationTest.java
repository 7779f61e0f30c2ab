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

    private static final Duration SKEW = Duration.ofMinutes(2);

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
        assertTrue(ap.reconcile(running, "after GDPR_ART33_2_CONTROLLER was fulfilled", told, told));
        assertEquals(ObligationState.PENDING, ap.state());
        assertEquals(told, ap.clockStartedAt());
        assertEquals(Instant.parse("2025-08-09T09:00:00Z"), ap.dueAt());
        assertTrue(ap.history().get(1).reason().startsWith("Clock started after GDPR_ART33_2_CONTROLLER was fulfilled"));
        assertFalse(ap.reconcile(running, "again", told, told), "the same requirement again changes nothing");
        assertEquals(2, ap.version());
    }

    @Test
    void anOpenObligationTheRulesNoLongerDeriveIsWithdrawnWithItsReasonAndRaisesNoClockAnyMore() {
        Obligation warning = open(ObligationKind.NIS2_EARLY_WARNING, Submissions.NONE);
        facts.next(Instant.parse("2025-07-06T15:00:00Z")).severity = Severity.MEDIUM;
        Evaluation triaged = rules.evaluate(facts.snapshot(), Submissions.NONE);
        assertTrue(triaged.requirements().stream().noneMatch(r -> r.kind() == ObligationKind.NIS2_EARLY_WARNING));

        String why = triaged.whyNot(warning.kind(), warning.party(), warning.recipient());
        assertTrue(warning.noLongerRequired(why, "after incident.triaged (incident version 2)", facts.updatedAt));
        assertEquals(ObligationState.WITHDRAWN, warning.state());
        assertFalse(warning.requiredByRules());
        assertFalse(warning.isOpen());
        String reason = warning.history().get(warning.history().size() - 1).reason();
        assertTrue(reason.startsWith("Withdrawn after incident.triaged"), reason);
        assertTrue(reason.contains("severity MEDIUM: not a significant incident under NIS2 Art. 23(3)"), reason);
        assertFalse(warning.noLongerRequired(why, "again", facts.updatedAt), "said once");
        Instant aMonthOn = Instant.parse("2025-08-06T10:00:00Z");
        assertFalse(warning.pastDue(aMonthOn), "a withdrawn clock is never overdue");
        assertFalse(warning.dueSoon(Instant.parse("2025-07-06T21:00:00Z"), Duration.ofHours(12)));
        assertThrows(InvalidTransition.class, () -> warning.fulfil(aMonthOn, "ref", null, aMonthOn, SKEW, "analyst"));
        assertThrows(InvalidTransition.class, () -> warning.waive("not needed", aMonthOn, "analyst"));
    }

    @Test
    void anOverdueObligationTheRulesNoLongerDeriveIsWithdrawnButAFulfilledOneStaysOnRecord() {
        Obligation notice = open(ObligationKind.GDPR_ART33_2_CONTROLLER, Submissions.NONE);
        notice.markOverdue(Instant.parse("2025-07-08T08:00:00Z"));
        Obligation warning = open(ObligationKind.NIS2_EARLY_WARNING, Submissions.NONE);
        Instant sent = Instant.parse("2025-07-06T12:00:00Z");
        warning.fulfil(sent, "ZCERT-1", null, sent, SKEW, "analyst");

        String rejected = "the incident was rejected as a duplicate or as not an incident";
        assertTrue(notice.noLongerRequired(rejected, "after incident.rejected (incident version 2)", facts.updatedAt));
        assertTrue(warning.noLongerRequired(rejected, "after incident.rejected (incident version 2)", facts.updatedAt));
        assertEquals(ObligationState.WITHDRAWN, notice.state());
        assertTrue(notice.history().get(notice.history().size() - 1).reason().endsWith("(was OVERDUE)"));
        assertEquals(ObligationState.FULFILLED, warning.state(), "what was submitted remains the record");
        assertFalse(warning.requiredByRules());
    }

    @Test
    void aWithdrawnObligationRequiredAgainReopensWithTheClockOfTheFacts() {
        Obligation warning = open(ObligationKind.NIS2_EARLY_WARNING, Submissions.NONE);
        warning.noLongerRequired("severity MEDIUM", "after incident.triaged (incident version 2)", facts.updatedAt);
        Requirement again = rules.evaluate(facts.snapshot(), Submissions.NONE).requirements().stream()
                .filter(q -> q.kind() == ObligationKind.NIS2_EARLY_WARNING).findFirst().orElseThrow();
        Instant at = Instant.parse("2025-07-06T16:00:00Z");
        assertTrue(warning.reconcile(again, "after incident.updated (incident version 3)", at, at));
        assertEquals(ObligationState.PENDING, warning.state());
        assertTrue(warning.requiredByRules());
        assertEquals(Instant.parse("2025-07-07T08:00:00Z"), warning.dueAt());
        assertTrue(warning.history().get(warning.history().size() - 1).reason().startsWith("Required again"));
    }

    @Test
    void anOverdueObligationWhoseCorrectedDeadlineLiesAheadIsPendingAgainAndOneStillPastStaysOverdue() {
        Obligation warning = open(ObligationKind.NIS2_EARLY_WARNING, Submissions.NONE);
        Obligation notification = open(ObligationKind.NIS2_NOTIFICATION, Submissions.NONE);
        Instant now = Instant.parse("2025-07-07T09:00:00Z");
        warning.markOverdue(now);
        facts.next(Instant.parse("2025-07-07T09:00:00Z")).awareAt = Instant.parse("2025-07-07T06:00:00Z");
        Requirement corrected = rules.evaluate(facts.snapshot(), Submissions.NONE).requirements().stream()
                .filter(q -> q.kind() == ObligationKind.NIS2_EARLY_WARNING).findFirst().orElseThrow();
        assertTrue(warning.reconcile(corrected, "after incident.updated (incident version 2)", facts.updatedAt, now));
        assertEquals(ObligationState.PENDING, warning.state(), "the law's deadline is the corrected one, 8 July 06:00");
        assertEquals(Instant.parse("2025-07-08T06:00:00Z"), warning.dueAt());
        assertTrue(warning.history().get(warning.history().size() - 1).reason().endsWith("no longer overdue"));

        Instant later = Instant.parse("2025-07-12T09:00:00Z");
        notification.markOverdue(later);
        Requirement movedButPast = rules.evaluate(facts.snapshot(), Submissions.NONE).requirements().stream()
                .filter(q -> q.kind() == ObligationKind.NIS2_NOTIFICATION).findFirst().orElseThrow();
        assertTrue(notification.reconcile(movedButPast, "after incident.updated (incident version 2)", facts.updatedAt, later));
        assertEquals(ObligationState.OVERDUE, notification.state());
        assertEquals(Instant.parse("2025-07-10T06:00:00Z"), notification.dueAt());
    }

    @Test
    void aLateApNotificationWithoutReasonsForTheDelayIsRefusedNamingDelayReason() {
        Obligation ap = apRunningFrom(Instant.parse("2025-08-06T09:00:00Z"));
        Instant late = Instant.parse("2025-08-10T09:00:00Z");
        InvalidField refused = assertThrows(InvalidField.class,
                () -> ap.fulfil(late, "AP-2025-1", null, late.plusSeconds(60), SKEW, "analyst"));
        assertEquals("delayReason", refused.field());
        assertTrue(refused.reason().contains("Art. 33(1)"));
        ap.fulfil(late, "AP-2025-1", "Scope of the stolen files was only confirmed on 9 August.", late.plusSeconds(60), SKEW, "analyst");
        assertEquals(ObligationState.FULFILLED, ap.state());
        assertEquals("Scope of the stolen files was only confirmed on 9 August.", ap.delayReason());
    }

    @Test
    void aBackdatedFulfilmentOfAnOverdueApNotificationStillNeedsTheReasonsForTheDelay() {
        Obligation ap = apRunningFrom(Instant.parse("2025-08-06T09:00:00Z"));
        Instant now = Instant.parse("2025-08-10T09:00:00Z");
        ap.markOverdue(now);
        Instant backdated = Instant.parse("2025-08-09T08:00:00Z");
        InvalidField refused = assertThrows(InvalidField.class, () -> ap.fulfil(backdated, "AP-2025-3", null, now, SKEW, "analyst"));
        assertEquals("delayReason", refused.field());
        assertTrue(refused.reason().contains("OVERDUE"), refused.reason());
        ap.fulfil(backdated, "AP-2025-3", "Sent by post on 9 August; the AP's receipt arrived only today.", now, SKEW, "analyst");
        assertEquals(ObligationState.FULFILLED, ap.state());
        String last = ap.history().get(ap.history().size() - 1).reason();
        assertTrue(last.contains("recorded after the deadline"), last);
    }

    @Test
    void aBackdatedFulfilmentPastTheDeadlineNeedsTheReasonsEvenBeforeTheClockPassMarkedItOverdue() {
        Obligation ap = apRunningFrom(Instant.parse("2025-08-06T09:00:00Z"));
        Instant now = Instant.parse("2025-08-10T09:00:00Z");
        assertEquals(ObligationState.PENDING, ap.state());
        assertEquals("delayReason", assertThrows(InvalidField.class, () -> ap.fulfil(Instant.parse("2025-08-09T08:00:00Z"),
                "AP-2025-4", null, now, SKEW, "analyst")).field());
    }

    @Test
    void anApNotificationInTimeNeedsNoReasons() {
        Obligation ap = apRunningFrom(Instant.parse("2025-08-06T09:00:00Z"));
        Instant inTime = Instant.parse("2025-08-08T09:00:00Z");
        ap.fulfil(inTime, "AP-2025-2", null, inTime, SKEW, "analyst");
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
        notice.fulfil(Instant.parse("2025-08-06T09:00:00Z"), "CD-BVO-2025-0806", null, later, SKEW, "analyst@meldpunt.local");
        assertEquals(ObligationState.FULFILLED, notice.state());
        String last = notice.history().get(notice.history().size() - 1).reason();
        assertTrue(last.contains("30 d 1 h late (was OVERDUE)"), last);
        assertEquals("analyst@meldpunt.local", notice.history().get(notice.history().size() - 1).actor());
    }

    @Test
    void fulfilledAndWaivedAreFinal() {
        Obligation notice = open(ObligationKind.GDPR_ART33_2_CONTROLLER, Submissions.NONE);
        Instant now = Instant.parse("2025-07-06T12:00:00Z");
        notice.fulfil(now, "ref", null, now, SKEW, "analyst");
        assertThrows(InvalidTransition.class, () -> notice.fulfil(now, "ref", null, now, SKEW, "analyst"));
        assertThrows(InvalidTransition.class, () -> notice.waive("no longer needed", now, "analyst"));

        Obligation igj = open(ObligationKind.IGJ_CALAMITY_REPORT, Submissions.NONE);
        igj.waive("The IGJ opened its own investigation and needs no separate report.", now, "analyst");
        assertEquals(ObligationState.WAIVED, igj.state());
        assertThrows(InvalidTransition.class, () -> igj.fulfil(now, "ref", null, now, SKEW, "analyst"));
    }

    @Test
    void aWaitingObligationCannotBeFulfilledBeforeItsClockStarts() {
        Obligation report = open(ObligationKind.NIS2_FINAL_REPORT, Submissions.NONE);
        InvalidTransition refused = assertThrows(InvalidTransition.class, () -> report.fulfil(Instant.parse(
                "2025-07-10T00:00:00Z"), "ref", null, Instant.parse("2025-07-10T00:00:00Z"), SKEW, "analyst"));
        assertTrue(refused.getMessage().contains("has not been submitted"));
    }

    @Test
    void waivingNeedsAJustification() {
        Obligation igj = open(ObligationKind.IGJ_CALAMITY_REPORT, Submissions.NONE);
        InvalidField refused = assertThrows(InvalidField.class, () -> igj.waive(" ", Instant.now(), "analyst"));
        assertEquals("waiveJustification", refused.field());
        assertTrue(refused.reason().contains("Art. 33(5)"));
    }

    @Test
    void aSubmissionCannotBeInTheFutureOrBeforeTheClockStarted() {
        Obligation notice = open(ObligationKind.GDPR_ART33_2_CONTROLLER, Submissions.NONE);
        Instant now = Instant.parse("2025-07-06T12:00:00Z");
        InvalidField future = assertThrows(InvalidField.class,
                () -> notice.fulfil(now.plus(SKEW).plusSeconds(1), "ref", null, now, SKEW, "analyst"));
        assertEquals("fulfilledAt", future.field());
        assertTrue(future.reason().contains("future"), future.reason());
        assertEquals("fulfilledAt", assertThrows(InvalidField.class,
                () -> notice.fulfil(Instant.parse("2025-07-01T00:00:00Z"), "ref", null, now, SKEW, "analyst")).field());
        assertEquals("submissionReference", assertThrows(InvalidField.class, () -> notice.fulfil(now, "", null, now, SKEW, "analyst")).field());
    }

    @Test
    void aSubmittedAtAheadOfTheClockByLessThanTheSkewIsAccepted() {
        Obligation notice = open(ObligationKind.GDPR_ART33_2_CONTROLLER, Submissions.NONE);
        Instant now = Instant.parse("2025-07-06T12:00:00Z");
        notice.fulfil(now.plusSeconds(90), "CD-BVO-1", null, now, SKEW, "analyst");
        assertEquals(now.plusSeconds(90), notice.fulfilledAt());
    }

    @Test
    void aSubmittedAtInTheFutureIsRefusedNamingTheFieldEvenWhenTheObligationCouldNotBeFulfilledAnyway() {
        Obligation report = open(ObligationKind.NIS2_FINAL_REPORT, Submissions.NONE);
        Instant now = Instant.parse("2025-07-06T12:00:00Z");
        assertEquals("fulfilledAt", assertThrows(InvalidField.class,
                () -> report.fulfil(now.plus(Duration.ofDays(1)), "ref", null, now, SKEW, "analyst")).field());
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
