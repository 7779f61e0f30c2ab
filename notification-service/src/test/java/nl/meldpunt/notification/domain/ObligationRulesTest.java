package nl.meldpunt.notification.domain;

import static nl.meldpunt.notification.IncidentFacts.AWARE;
import static nl.meldpunt.notification.IncidentFacts.LAB;
import static nl.meldpunt.notification.IncidentFacts.SCREENING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import nl.meldpunt.contract.Controller;
import nl.meldpunt.contract.IncidentStatus;
import nl.meldpunt.contract.Nis2Entity;
import nl.meldpunt.contract.ObligationKind;
import nl.meldpunt.contract.OrganizationKind;
import nl.meldpunt.contract.OrganizationRole;
import nl.meldpunt.contract.PersonalData;
import nl.meldpunt.contract.Sector;
import nl.meldpunt.contract.Severity;
import nl.meldpunt.contract.SpecialCategory;
import nl.meldpunt.notification.IncidentFacts;

class ObligationRulesTest {

    private final ObligationRules rules = ReferenceRules.rules();

    private Evaluation evaluate(IncidentFacts facts) {
        return rules.evaluate(facts.snapshot(), Submissions.NONE);
    }

    private static Optional<Requirement> find(Evaluation e, ObligationKind kind, String party) {
        return e.requirements().stream().filter(r -> r.kind() == kind && r.party().equals(party)).findFirst();
    }

    private static Requirement only(Evaluation e, ObligationKind kind) {
        List<Requirement> found = e.requirements().stream().filter(r -> r.kind() == kind).toList();
        assertEquals(1, found.size(), () -> kind + " in " + e.requirements());
        return found.get(0);
    }

    private static boolean requires(Evaluation e, ObligationKind kind) {
        return e.requirements().stream().anyMatch(r -> r.kind() == kind);
    }

    @Test
    void theReferenceCaseBringsEveryKindOfObligation() {
        Map<ObligationKind, Long> kinds = evaluate(IncidentFacts.referenceCase()).requirements().stream()
                .collect(Collectors.groupingBy(Requirement::kind, Collectors.counting()));
        assertEquals(7, kinds.size(), kinds::toString);
        kinds.values().forEach(n -> assertEquals(1L, n));
    }

    @Test
    void aProcessorWithPersonalDataOwesEachControllerANoticeDue24HoursAfterItsOwnAwareness() {
        IncidentFacts lab = IncidentFacts.referenceCase();
        lab.controllers.add(new Controller("Huisartsenpraktijk De Linde", OrganizationKind.GENERAL_PRACTICE, null));
        List<Requirement> notices = evaluate(lab).requirements().stream()
                .filter(r -> r.kind() == ObligationKind.GDPR_ART33_2_CONTROLLER).toList();
        assertEquals(List.of(SCREENING, "Huisartsenpraktijk De Linde"), notices.stream().map(Requirement::recipient).toList());
        for (Requirement n : notices) {
            assertEquals(LAB, n.party());
            assertEquals(AWARE, n.clockStartedAt());
            assertEquals(Instant.parse("2025-07-07T08:00:00Z"), n.dueAt());
            assertEquals("GDPR Art. 33(2)", n.legalBasis());
        }
    }

    @Test
    void aControllerOwesTheApButItsClockWaitsUntilItsOwnAwarenessIsKnown() {
        Requirement ap = only(evaluate(IncidentFacts.referenceCase()), ObligationKind.GDPR_ART33_AP);
        assertEquals(SCREENING, ap.party());
        assertEquals("AP", ap.recipient());
        assertNull(ap.clockStartedAt(), "WAITING: the processor has not told the controller yet");
        assertNull(ap.dueAt());
    }

    @Test
    void anAffectedOrganisationThatIsItselfTheControllerRunsTheApClockFromTheIncidentsAwareAt() {
        IncidentFacts hospital = IncidentFacts.referenceCase();
        hospital.organisation = "Ziekenhuis Oost";
        hospital.kind = OrganizationKind.HOSPITAL;
        hospital.role = OrganizationRole.CONTROLLER;
        hospital.controllers = null;
        Evaluation e = evaluate(hospital);
        Requirement ap = only(e, ObligationKind.GDPR_ART33_AP);
        assertEquals("Ziekenhuis Oost", ap.party());
        assertEquals(AWARE, ap.clockStartedAt());
        assertEquals(Instant.parse("2025-07-09T08:00:00Z"), ap.dueAt());
        assertTrue(e.notRequired().get(ObligationKind.GDPR_ART33_2_CONTROLLER).contains("controller, not as processor"));
    }

    @Test
    void anOrganisationWithoutARoleIsTreatedAsController() {
        IncidentFacts facts = IncidentFacts.referenceCase();
        facts.role = null;
        facts.controllers = null;
        assertEquals(LAB, only(evaluate(facts), ObligationKind.GDPR_ART33_AP).party());
        assertTrue(!requires(evaluate(facts), ObligationKind.GDPR_ART33_2_CONTROLLER));
    }

    @Test
    void dataSubjectsAreOwedACommunicationWhenSeverityIsHighOrSpecialCategoriesAreInvolved() {
        IncidentFacts severe = IncidentFacts.referenceCase();
        severe.personalData = new PersonalData(true, null, 1000L, List.of("name"));
        severe.severity = Severity.HIGH;
        Requirement subjects = only(evaluate(severe), ObligationKind.GDPR_ART34_SUBJECTS);
        assertEquals(SCREENING, subjects.party());
        assertEquals("data subjects", subjects.recipient());
        assertEquals("GDPR Art. 34(1)", subjects.legalBasis());

        IncidentFacts special = IncidentFacts.referenceCase();
        special.severity = Severity.MEDIUM;
        special.personalData = new PersonalData(true, List.of(SpecialCategory.HEALTH), 10L, List.of("test results"));
        assertTrue(requires(evaluate(special), ObligationKind.GDPR_ART34_SUBJECTS));

        IncidentFacts neither = IncidentFacts.referenceCase();
        neither.severity = Severity.MEDIUM;
        neither.personalData = new PersonalData(true, List.of(), 10L, List.of("name"));
        Evaluation e = evaluate(neither);
        assertTrue(!requires(e, ObligationKind.GDPR_ART34_SUBJECTS));
        assertTrue(e.notRequired().get(ObligationKind.GDPR_ART34_SUBJECTS).contains("no likely high risk"));
    }

    @Test
    void dataSubjectsAreToldWithin72HoursOfTheControllersAwarenessByDefault() {
        IncidentFacts hospital = IncidentFacts.referenceCase();
        hospital.role = OrganizationRole.CONTROLLER;
        hospital.controllers = null;
        Requirement subjects = only(evaluate(hospital), ObligationKind.GDPR_ART34_SUBJECTS);
        assertEquals(AWARE, subjects.clockStartedAt());
        assertEquals(Instant.parse("2025-07-09T08:00:00Z"), subjects.dueAt());
    }

    @Test
    void aSignificantIncidentAtAnNis2EntityNeedsAnEarlyWarningIn24HoursAndANotificationIn72() {
        Evaluation e = evaluate(IncidentFacts.referenceCase());
        Requirement warning = only(e, ObligationKind.NIS2_EARLY_WARNING);
        assertEquals(LAB, warning.party());
        assertEquals("CSIRT", warning.recipient());
        assertEquals("NIS2 Art. 23(4)(a)", warning.legalBasis());
        assertEquals(Instant.parse("2025-07-07T08:00:00Z"), warning.dueAt());
        Requirement notification = only(e, ObligationKind.NIS2_NOTIFICATION);
        assertEquals("NIS2 Art. 23(4)(b)", notification.legalBasis());
        assertEquals(Instant.parse("2025-07-09T08:00:00Z"), notification.dueAt());
    }

    @Test
    void theNis2FinalReportWaitsForTheNotificationAndIsDueOneMonthAfterItWasSubmitted() {
        IncidentFacts lab = IncidentFacts.referenceCase();
        Requirement waiting = only(evaluate(lab), ObligationKind.NIS2_FINAL_REPORT);
        assertNull(waiting.clockStartedAt());

        Instant submitted = Instant.parse("2025-07-08T14:30:00Z");
        Requirement running = only(rules.evaluate(lab.snapshot(), new Submissions(Map.of(), submitted)),
                ObligationKind.NIS2_FINAL_REPORT);
        assertEquals(submitted, running.clockStartedAt());
        assertEquals(Instant.parse("2025-08-08T14:30:00Z"), running.dueAt());
        assertEquals("NIS2 Art. 23(4)(d)", running.legalBasis());
    }

    @Test
    void noNis2ObligationOutsideItsScopeOrBelowASignificantIncident() {
        IncidentFacts none = IncidentFacts.referenceCase();
        none.nis2Entity = Nis2Entity.NONE;
        Evaluation e = evaluate(none);
        assertTrue(!requires(e, ObligationKind.NIS2_EARLY_WARNING));
        assertTrue(e.notRequired().get(ObligationKind.NIS2_NOTIFICATION).contains("not an essential or important entity"));

        IncidentFacts medium = IncidentFacts.referenceCase();
        medium.severity = Severity.MEDIUM;
        assertTrue(evaluate(medium).notRequired().get(ObligationKind.NIS2_FINAL_REPORT).contains("not a significant incident"));
    }

    @Test
    void aHealthcareProviderWithASevereIncidentOwesTheIgjACalamityReportWithinTheTarget() {
        Requirement igj = only(evaluate(IncidentFacts.referenceCase()), ObligationKind.IGJ_CALAMITY_REPORT);
        assertEquals(LAB, igj.party());
        assertEquals("IGJ", igj.recipient());
        assertEquals("Wkkgz Art. 11(1)(a)", igj.legalBasis());
        assertEquals(Instant.parse("2025-07-09T08:00:00Z"), igj.dueAt());

        IncidentFacts energy = IncidentFacts.referenceCase();
        energy.sector = Sector.ENERGY;
        assertTrue(!requires(evaluate(energy), ObligationKind.IGJ_CALAMITY_REPORT));
        IncidentFacts low = IncidentFacts.referenceCase();
        low.severity = Severity.LOW;
        assertTrue(!requires(evaluate(low), ObligationKind.IGJ_CALAMITY_REPORT));
    }

    @Test
    void personalDataDiscoveredInALaterUpdateBringsTheGdprObligations() {
        IncidentFacts facts = IncidentFacts.referenceCase();
        facts.personalData = new PersonalData(false, null, null, null);
        Evaluation before = evaluate(facts);
        assertTrue(!requires(before, ObligationKind.GDPR_ART33_AP));
        assertEquals("no personal data is involved", before.notRequired().get(ObligationKind.GDPR_ART33_2_CONTROLLER));

        facts.next(Instant.parse("2025-07-10T12:00:00Z")).personalData = new PersonalData(true,
                List.of(SpecialCategory.HEALTH), 485_000L, List.of("test results"));
        Evaluation after = evaluate(facts);
        assertTrue(requires(after, ObligationKind.GDPR_ART33_2_CONTROLLER));
        assertTrue(requires(after, ObligationKind.GDPR_ART33_AP));
        assertTrue(requires(after, ObligationKind.GDPR_ART34_SUBJECTS));
        // The clock still runs from the processor's awareness, not from the update: the lateness shows.
        assertEquals(AWARE, only(after, ObligationKind.GDPR_ART33_2_CONTROLLER).clockStartedAt());
    }

    @Test
    void aControllerAddedLaterGetsItsOwnObligationsWithNewIds() {
        IncidentFacts facts = IncidentFacts.referenceCase();
        Evaluation before = evaluate(facts);
        facts.next(Instant.parse("2025-07-20T10:00:00Z")).controllers.add(
                new Controller("Huisartsenpraktijk De Linde", OrganizationKind.GENERAL_PRACTICE, null));
        Evaluation after = evaluate(facts);
        assertEquals(before.requirements().size() + 3, after.requirements().size());
        assertTrue(find(after, ObligationKind.GDPR_ART33_AP, "Huisartsenpraktijk De Linde").isPresent());
        Requirement existing = find(before, ObligationKind.GDPR_ART33_AP, SCREENING).orElseThrow();
        assertEquals(existing.obligationId(facts.id),
                find(after, ObligationKind.GDPR_ART33_AP, SCREENING).orElseThrow().obligationId(facts.id));
    }

    @Test
    void theProcessorsNoticeIsTheControllersAwarenessAndStartsItsApAndSubjectClocks() {
        Instant told = Instant.parse("2025-08-06T09:00:00Z");
        Evaluation e = rules.evaluate(IncidentFacts.referenceCase().snapshot(), new Submissions(Map.of(SCREENING, told), null));
        Requirement ap = only(e, ObligationKind.GDPR_ART33_AP);
        assertEquals(told, ap.clockStartedAt());
        assertEquals(Instant.parse("2025-08-09T09:00:00Z"), ap.dueAt());
        assertEquals(told, only(e, ObligationKind.GDPR_ART34_SUBJECTS).clockStartedAt());
    }

    @Test
    void anEarlierAwarenessStatedOnTheIncidentWinsOverALaterNotice() {
        IncidentFacts facts = IncidentFacts.referenceCase();
        Instant fromNews = Instant.parse("2025-07-20T07:00:00Z");
        facts.controllers = List.of(new Controller(SCREENING, OrganizationKind.SCREENING_ORGANISATION, fromNews));
        Evaluation e = rules.evaluate(facts.snapshot(),
                new Submissions(Map.of(SCREENING, Instant.parse("2025-08-06T09:00:00Z")), null));
        assertEquals(fromNews, only(e, ObligationKind.GDPR_ART33_AP).clockStartedAt());
    }

    @Test
    void hoursAcrossTheAutumnDaylightSavingChangeAreElapsedHoursInUtc() {
        IncidentFacts facts = IncidentFacts.referenceCase();
        // Saturday 25 October 2025, 10:00 CEST; clocks go back at 03:00 on Sunday 26 October.
        facts.awareAt = Instant.parse("2025-10-25T08:00:00Z");
        Evaluation e = evaluate(facts);
        assertEquals(Instant.parse("2025-10-26T08:00:00Z"), only(e, ObligationKind.NIS2_EARLY_WARNING).dueAt(),
                "24 real hours: 09:00 CET on the wall clock, not 10:00");
        assertEquals(Instant.parse("2025-10-28T08:00:00Z"), only(e, ObligationKind.NIS2_NOTIFICATION).dueAt());
    }

    @Test
    void hoursAcrossTheSpringDaylightSavingChangeAreElapsedHoursInUtc() {
        IncidentFacts facts = IncidentFacts.referenceCase();
        // Saturday 29 March 2025, 10:00 CET; clocks go forward at 02:00 on Sunday 30 March.
        facts.awareAt = Instant.parse("2025-03-29T09:00:00Z");
        assertEquals(Instant.parse("2025-03-30T09:00:00Z"),
                only(evaluate(facts), ObligationKind.GDPR_ART33_2_CONTROLLER).dueAt(), "11:00 CEST on the wall clock");
    }

    @Test
    void theFinalReportsMonthIsCountedOnTheAmsterdamCalendarAcrossDaylightSaving() {
        // Submitted 15 October 2025 at 10:00 CEST; due 15 November 2025 at 10:00 CET, which is 09:00 UTC.
        Requirement report = only(rules.evaluate(IncidentFacts.referenceCase().snapshot(),
                new Submissions(Map.of(), Instant.parse("2025-10-15T08:00:00Z"))), ObligationKind.NIS2_FINAL_REPORT);
        assertEquals(Instant.parse("2025-11-15T09:00:00Z"), report.dueAt());
    }

    @Test
    void aRuleSwitchedOffInConfigurationRequiresNothingAndSaysSo() {
        List<ObligationRule> list = ReferenceRules.list();
        list.replaceAll(r -> r.kind() == ObligationKind.IGJ_CALAMITY_REPORT
                ? new ObligationRule(r.kind(), false, r.legalBasis(), r.recipient(), r.deadline()) : r);
        Evaluation e = new ObligationRules(list).evaluate(IncidentFacts.referenceCase().snapshot(), Submissions.NONE);
        assertTrue(!requires(e, ObligationKind.IGJ_CALAMITY_REPORT));
        assertTrue(e.notRequired().get(ObligationKind.IGJ_CALAMITY_REPORT).contains("switched off"));
    }

    @Test
    void aConfiguredTargetChangesTheDueTime() {
        List<ObligationRule> list = ReferenceRules.list();
        list.replaceAll(r -> r.kind() == ObligationKind.GDPR_ART33_2_CONTROLLER
                ? ReferenceRules.hours(r.kind(), r.legalBasis(), null, 12) : r);
        Evaluation e = new ObligationRules(list).evaluate(IncidentFacts.referenceCase().snapshot(), Submissions.NONE);
        assertEquals(Instant.parse("2025-07-06T20:00:00Z"), only(e, ObligationKind.GDPR_ART33_2_CONTROLLER).dueAt());
    }

    @Test
    void aRejectedIncidentRequiresNothing() {
        IncidentFacts facts = IncidentFacts.referenceCase();
        facts.status = IncidentStatus.REJECTED;
        Evaluation e = evaluate(facts);
        assertTrue(e.requirements().isEmpty());
        assertTrue(e.notRequired().get(ObligationKind.GDPR_ART33_AP).contains("rejected"));
    }

    @Test
    void theSameFactsAlwaysGiveTheSameObligationsAndIds() {
        IncidentFacts facts = IncidentFacts.referenceCase();
        Evaluation first = evaluate(facts);
        Evaluation again = evaluate(facts);
        assertEquals(first, again);
        assertEquals(first.requirements().stream().map(r -> r.obligationId(facts.id)).toList(),
                again.requirements().stream().map(r -> r.obligationId(facts.id)).toList());
    }
}
