package nl.meldpunt.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import nl.meldpunt.contract.Actor;
import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Category;
import nl.meldpunt.contract.Finding;
import nl.meldpunt.contract.IncidentEventData;
import nl.meldpunt.contract.IncidentSnapshot;
import nl.meldpunt.contract.IncidentStatus;
import nl.meldpunt.contract.InvestigationEventData;
import nl.meldpunt.contract.InvestigationSnapshot;
import nl.meldpunt.contract.InvestigationStatus;
import nl.meldpunt.contract.ObligationKind;
import nl.meldpunt.contract.ObligationSnapshot;
import nl.meldpunt.contract.ObligationState;
import nl.meldpunt.contract.Organization;
import nl.meldpunt.contract.OrganizationKind;
import nl.meldpunt.contract.Severity;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.contract.Visibility;
import nl.meldpunt.reader.ReaderRule.Action;

class ReaderRuleTest {

    private static final UUID INCIDENT = UUID.randomUUID();
    private static final Instant T = Instant.parse("2025-07-06T08:00:00Z");

    private static IncidentSnapshot incident(Tlp tlp) {
        return new IncidentSnapshot(INCIDENT, "INC-2025-000001", "Ransomware at Clinical Diagnostics",
                "Attackers stole screening data", Category.RANSOMWARE, Severity.CRITICAL, tlp,
                new Organization("Clinical Diagnostics NMDL", OrganizationKind.LABORATORY, null, null, null), null, null,
                T, T, T, null, null, 715_000L, "Phishing of participants", "Systems isolated", true, false, null, null, null,
                Set.of(Authority.IGJ, Authority.AP), IncidentStatus.INVESTIGATING, 4, T);
    }

    @Test
    void aViewerOfAnAmberIncidentGetsTheMarkingWithoutAnyFreeTextOrName() {
        IncidentSnapshot s = ReaderRule.sight(Reader.viewer(), Tlp.AMBER, Set.of()).incident(incident(Tlp.AMBER)).orElseThrow();
        assertEquals("INC-2025-000001", s.reference());
        assertEquals(IncidentStatus.INVESTIGATING, s.status());
        assertEquals(Severity.CRITICAL, s.severity());
        assertEquals(OrganizationKind.LABORATORY, s.affectedOrganization().kind());
        assertNull(s.title());
        assertNull(s.summary());
        assertNull(s.affectedOrganization().name());
        assertNull(s.likelyConsequences());
        assertNull(s.measuresTaken());
        assertNull(s.estimatedRecords());
    }

    @Test
    void aViewerOfAGreenIncidentGetsItWhole() {
        IncidentSnapshot s = incident(Tlp.GREEN);
        assertEquals(s, ReaderRule.sight(Reader.viewer(), Tlp.GREEN, Set.of()).incident(s).orElseThrow());
    }

    @Test
    void aRedIncidentDoesNotExistForAViewerNorForAnAuthorityThatDoesNotInvestigate() {
        assertTrue(ReaderRule.sight(Reader.viewer(), Tlp.RED, Set.of()).incident(incident(Tlp.RED)).isEmpty());
        assertTrue(ReaderRule.sight(Reader.investigator(Authority.CSIRT), Tlp.RED, Set.of(Authority.IGJ))
                .incident(incident(Tlp.RED)).isEmpty());
        assertTrue(ReaderRule.sight(Reader.investigator(Authority.IGJ), Tlp.RED, Set.of(Authority.IGJ))
                .incident(incident(Tlp.RED)).isPresent());
    }

    @Test
    void anUnknownMarkingCountsAsRed() {
        assertEquals(View.HIDDEN, ReaderRule.sight(Reader.viewer(), null, Set.of()).view());
    }

    @Test
    void asOfAppliesTheStricterMarkingOfThenAndNow() {
        assertEquals(View.REDACTED, ReaderRule.sightAsOf(Reader.viewer(), Tlp.AMBER, Tlp.GREEN, Set.of()).view());
        assertEquals(View.HIDDEN, ReaderRule.sightAsOf(Reader.viewer(), Tlp.GREEN, Tlp.RED, Set.of()).view());
        assertEquals(View.FULL, ReaderRule.sightAsOf(Reader.viewer(), Tlp.CLEAR, Tlp.GREEN, Set.of()).view());
        assertEquals(Tlp.AMBER_STRICT, ReaderRule.stricter(Tlp.AMBER_STRICT, Tlp.AMBER));
    }

    @Test
    void searchMayMatchFreeTextOnlyWhereTheReaderReadsIt() {
        assertEquals(EnumSet.of(Tlp.CLEAR, Tlp.GREEN), ReaderRule.tlpsShowing(Reader.viewer(), Field.FREE_TEXT));
        assertEquals(EnumSet.of(Tlp.CLEAR, Tlp.GREEN), ReaderRule.tlpsShowing(Reader.viewer(), Field.NAMES));
        assertEquals(EnumSet.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT),
                ReaderRule.tlpsShowing(Reader.viewer(), Field.MARKING));
        assertEquals(EnumSet.allOf(Tlp.class), ReaderRule.tlpsShowing(Reader.analyst(), Field.FREE_TEXT));
        assertEquals(EnumSet.allOf(Tlp.class), ReaderRule.tlpsShowing(Reader.investigator(Authority.AP), Field.FREE_TEXT));
        assertTrue(ReaderRule.onlyInvestigated(Reader.investigator(Authority.AP)));
        assertFalse(ReaderRule.onlyInvestigated(Reader.analyst()));
    }

    @Test
    void analystsOpenInvestigationsButOnlyTheAuthorityWorksThem() {
        for (Action action : Action.values()) {
            assertEquals(action == Action.OPEN, ReaderRule.mayAct(Reader.analyst(), action, Authority.IGJ), action.name());
            assertTrue(ReaderRule.mayAct(Reader.investigator(Authority.IGJ), action, Authority.IGJ));
            assertFalse(ReaderRule.mayAct(Reader.investigator(Authority.AP), action, Authority.IGJ));
            assertFalse(ReaderRule.mayAct(Reader.viewer(), action, Authority.IGJ));
        }
    }

    @Test
    void onlySharedFindingTextTravelsOnASharedTopic() {
        assertTrue(ReaderRule.findingTextOnSharedTopic(Visibility.SHARED));
        assertFalse(ReaderRule.findingTextOnSharedTopic(Visibility.AUTHORITY));
    }

    @Test
    void anInvestigationEventShowsAnotherAuthoritysFindingOnlyAsANoticeWithoutText() {
        InvestigationSnapshot inv = new InvestigationSnapshot(UUID.randomUUID(), INCIDENT, "INC-2025-000001", Authority.IGJ,
                InvestigationStatus.IN_PROGRESS, "Wkkgz", "inspector-1", T, T, null, null, null, null, 1, 3);
        Finding finding = new Finding(UUID.randomUUID(), Authority.IGJ, Visibility.AUTHORITY, "Backups untested since 2023",
                "inspector-1", T);
        InvestigationEventData data = new InvestigationEventData(inv, new Actor("inspector-1", "IGJ", "investigator", "IGJ"),
                finding);
        Set<Authority> both = Set.of(Authority.IGJ, Authority.AP);

        Finding seenByAp = ReaderRule.sight(Reader.investigator(Authority.AP), Tlp.AMBER, both).investigationEvent(data)
                .orElseThrow().finding();
        assertNull(seenByAp.text());
        assertEquals(Visibility.AUTHORITY, seenByAp.visibility());
        assertNull(ReaderRule.sight(Reader.analyst(), Tlp.AMBER, both).investigationEvent(data).orElseThrow().finding().text());
        assertEquals("Backups untested since 2023", ReaderRule.sight(Reader.investigator(Authority.IGJ), Tlp.AMBER, both)
                .investigationEvent(data).orElseThrow().finding().text());
        InvestigationEventData viewer = ReaderRule.sight(Reader.viewer(), Tlp.AMBER, both).investigationEvent(data).orElseThrow();
        assertNull(viewer.investigation().basis());
        assertNull(viewer.investigation().assignee());
        assertNull(viewer.actor().subject());
        assertEquals("IGJ", viewer.actor().authority());
    }

    @Test
    void anIncidentEventForAViewerOfAnAmberIncidentCarriesNoReasonAndNoNames() {
        IncidentEventData data = new IncidentEventData(incident(Tlp.AMBER), new Actor("analyst-1", "Z-CERT", "analyst", null),
                List.of("estimatedRecords"), "numbers corrected", null, null);
        IncidentEventData seen = ReaderRule.sight(Reader.viewer(), Tlp.AMBER, Set.of()).incidentEvent(data).orElseThrow();
        assertNull(seen.reason());
        assertNull(seen.actor().subject());
        assertNull(seen.actor().organisation());
        assertNull(seen.incident().summary());
        assertEquals(List.of("estimatedRecords"), seen.changedFields());
        assertTrue(ReaderRule.sight(Reader.viewer(), Tlp.RED, Set.of()).incidentEvent(data).isEmpty());
    }

    @Test
    void aViewerSeesObligationStatesAndDueTimesButNoCaseWorkAndOnAmberNoNames() {
        ObligationSnapshot o = new ObligationSnapshot(UUID.randomUUID(), INCIDENT, "INC-2025-000001",
                ObligationKind.GDPR_ART33_2_CONTROLLER, "Clinical Diagnostics NMDL", "Bevolkingsonderzoek Nederland",
                ObligationState.FULFILLED, "GDPR Art. 33(2)", T, T.plusSeconds(86_400), T.plusSeconds(90_000), "BVO-1",
                "found out late", null, 2);
        ObligationSnapshot green = ReaderRule.sight(Reader.viewer(), Tlp.GREEN, Set.of()).obligation(o).orElseThrow();
        assertEquals("Clinical Diagnostics NMDL", green.party());
        assertNull(green.submissionReference());
        assertNull(green.delayReason());
        ObligationSnapshot amber = ReaderRule.sight(Reader.viewer(), Tlp.AMBER, Set.of()).obligation(o).orElseThrow();
        assertNull(amber.party());
        assertNull(amber.recipient());
        assertEquals(o.dueAt(), amber.dueAt());
        assertEquals(ObligationState.FULFILLED, amber.state());
        assertEquals(o, ReaderRule.sight(Reader.analyst(), Tlp.AMBER, Set.of()).obligation(o).orElseThrow());
    }
}
