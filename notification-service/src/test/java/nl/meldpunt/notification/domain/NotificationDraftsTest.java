package nl.meldpunt.notification.domain;

import static nl.meldpunt.notification.IncidentFacts.SCREENING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nl.meldpunt.contract.Indicator;
import nl.meldpunt.contract.IndicatorType;
import nl.meldpunt.contract.ObligationKind;
import nl.meldpunt.notification.IncidentFacts;

class NotificationDraftsTest {

    private final ObligationRules rules = ReferenceRules.rules();
    private final IncidentFacts facts = IncidentFacts.referenceCase();
    private final Instant now = Instant.parse("2025-08-06T12:00:00Z");

    private NotificationDraft draft(ObligationKind kind, Submissions submissions) {
        Requirement r = rules.evaluate(facts.snapshot(), submissions).requirements().stream()
                .filter(q -> q.kind() == kind).findFirst().orElseThrow();
        Obligation o = Obligation.open(facts.id, facts.reference, r, "after incident.reported", facts.updatedAt);
        return NotificationDrafts.assemble(o, facts.snapshot(), now);
    }

    private static List<String> missing(NotificationDraft d) {
        return d.missing().stream().map(NotificationDraft.Missing::field).toList();
    }

    @Test
    void theApDraftListsFieldByFieldWhatGdprArticle33_3StillNeeds() {
        NotificationDraft d = draft(ObligationKind.GDPR_ART33_AP, Submissions.NONE);
        assertEquals(List.of("estimatedRecords", "contactPoint", "likelyConsequences", "measuresTaken"), missing(d));
        assertFalse(d.complete());
        assertEquals(List.of("GDPR Art. 33(3)(a)", "GDPR Art. 33(3)(b)", "GDPR Art. 33(3)(c)", "GDPR Art. 33(3)(d)"),
                d.sections().stream().map(NotificationDraft.Section::basis).toList());
        assertEquals(485_000L, d.sections().get(0).items().stream()
                .filter(i -> i.field().equals("personalData.estimatedDataSubjects")).findFirst().orElseThrow().value());
        assertTrue(d.notes().stream().anyMatch(n -> n.contains("Art. 33(4)")), "phased notification is allowed");
    }

    @Test
    void theApDraftIsCompleteOnceTheFactsAreKnown() {
        facts.withNotificationFacts();
        NotificationDraft d = draft(ObligationKind.GDPR_ART33_AP, Submissions.NONE);
        assertEquals(List.of(), missing(d));
        assertTrue(d.complete());
    }

    @Test
    void aLateApDraftRemindsThatTheDelayMustBeExplained() {
        NotificationDraft d = draft(ObligationKind.GDPR_ART33_AP,
                new Submissions(Map.of(SCREENING, Instant.parse("2025-08-01T09:00:00Z")), null));
        assertTrue(d.notes().stream().anyMatch(n -> n.contains("delayReason")), d.notes()::toString);
    }

    @Test
    void theEarlyWarningAsksWhetherMaliciousAndWhetherCrossBorder() {
        facts.crossBorderImpact = null;
        NotificationDraft d = draft(ObligationKind.NIS2_EARLY_WARNING, Submissions.NONE);
        assertEquals("NIS2 Art. 23(4)(a)", d.sections().get(0).basis());
        assertEquals(List.of("crossBorderImpact"), missing(d));
    }

    @Test
    void theNis2NotificationNeedsSeverityImpactAndIndicators() {
        NotificationDraft d = draft(ObligationKind.NIS2_NOTIFICATION, Submissions.NONE);
        assertEquals(List.of("likelyConsequences", "indicators"), missing(d));
        facts.likelyConsequences = "Screening results delayed; data published on a leak site.";
        facts.indicators = List.of(new Indicator(IndicatorType.DOMAIN, "leak.example"));
        assertTrue(draft(ObligationKind.NIS2_NOTIFICATION, Submissions.NONE).complete());
    }

    @Test
    void theFinalReportNeedsRootCauseAndMitigations() {
        NotificationDraft d = draft(ObligationKind.NIS2_FINAL_REPORT, new Submissions(Map.of(), Instant.parse("2025-07-08T10:00:00Z")));
        assertEquals(List.of("likelyConsequences", "rootCause", "mitigations"), missing(d));
    }

    @Test
    void theMarkdownDraftShowsDueTimesInAmsterdamTimeAcrossDaylightSaving() {
        facts.awareAt = Instant.parse("2025-10-25T08:00:00Z");
        facts.withNotificationFacts();
        String md = DraftMarkdown.render(draft(ObligationKind.NIS2_NOTIFICATION, Submissions.NONE), ReferenceRules.AMSTERDAM);
        assertTrue(md.contains("| Clock started | 2025-10-25 10:00 CEST (2025-10-25T08:00:00Z) |"), md);
        assertTrue(md.contains("| Due | 2025-10-28 09:00 CET (2025-10-28T08:00:00Z) |"), md);
        assertTrue(md.contains("- `indicators`: Indicators of compromise"), md);
    }

    @Test
    void theMarkdownApDraftNamesEachSectionByItsArticle() {
        String md = DraftMarkdown.render(draft(ObligationKind.GDPR_ART33_AP, Submissions.NONE), ReferenceRules.AMSTERDAM);
        assertTrue(md.startsWith("# Notification of a personal data breach to the supervisory authority — INC-2025-000123"), md);
        assertTrue(md.contains("## Contact point (GDPR Art. 33(3)(b))"), md);
        assertTrue(md.contains("- **Approximate number of data subjects concerned:** 485,000"), md);
        assertTrue(md.contains("- **Likely consequences of the breach:** _missing_"), md);
        assertTrue(md.contains("| Clock started | not yet"), md);
    }
}
