package nl.meldpunt.notification.webhook;

import static nl.meldpunt.notification.Api.as;
import static nl.meldpunt.notification.Api.asInvestigator;
import static nl.meldpunt.notification.webhook.Subscribe.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.contract.Actor;
import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.Finding;
import nl.meldpunt.contract.InvestigationEventData;
import nl.meldpunt.contract.InvestigationSnapshot;
import nl.meldpunt.contract.InvestigationStatus;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.contract.Visibility;
import nl.meldpunt.notification.Api;
import nl.meldpunt.notification.Broker;
import nl.meldpunt.notification.CaseEvents;
import nl.meldpunt.notification.IncidentFacts;
import nl.meldpunt.notification.webhook.Receiver.Request;
import nl.meldpunt.notification.webhook.Subscribe.Made;

/** Deliveries go through the reader rule: each subscriber gets what the token that subscribed may read. */
@QuarkusTest
class WebhookReaderRuleTest {

    static final String SHARED_TEXT = "The laboratory's backups were encrypted as well.";

    @Test
    void theApInvestigatorReceivesTheCaseWithSharedFindingsButNeverTheIgjsOwnFindingAndTheCsirtNothing() throws Exception {
        try (Receiver ap = new Receiver(); Receiver csirt = new Receiver(); Receiver viewer = new Receiver()) {
            IncidentFacts lab = IncidentFacts.referenceCase();
            Made apSub = Subscribe.to(() -> asInvestigator("AP"), ap.url(), lab.id, "incident.*", "investigation.*");
            Made csirtSub = Subscribe.to(() -> asInvestigator("CSIRT"), csirt.url(), lab.id);
            Made viewerSub = Subscribe.to(() -> as("viewer"), viewer.url(), lab.id, "incident.*", "investigation.*");
            try {
                CaseEvents.reported(lab);
                CaseEvents.triaged(lab);
                // Two topics are not ordered with each other: let the incident's events be consumed first.
                eventually(() -> viewer.requestsOfType(EventType.INCIDENT_TRIAGED.ceType()), l -> l.size() == 1);
                InvestigationSnapshot apCase = opened(lab, Authority.AP);
                InvestigationSnapshot igjCase = opened(lab, Authority.IGJ);
                finding(lab, igjCase, new Finding(UUID.randomUUID(), Authority.IGJ, Visibility.AUTHORITY, null, null,
                        Instant.parse("2025-07-08T10:00:00Z")));
                finding(lab, igjCase, new Finding(UUID.randomUUID(), Authority.IGJ, Visibility.SHARED, SHARED_TEXT,
                        "inspecteur@igj.nl", Instant.parse("2025-07-08T11:00:00Z")));
                CaseEvents.updated(lab, "summary");

                // AP reads from its own investigation on: the last event proves everything before it was decided.
                eventually(() -> ap.requestsOfType(EventType.INCIDENT_UPDATED.ceType()), l -> l.size() == 1);
                List<Request> findings = eventually(() -> ap.requestsOfType(EventType.INVESTIGATION_FINDING_RECORDED.ceType()),
                        l -> l.size() == 2);
                JsonNode notice = findings.get(0).json().path("data").path("finding");
                assertEquals("AUTHORITY", notice.path("visibility").asText());
                assertTrue(notice.path("text").isMissingNode(), "an IGJ AUTHORITY finding reaches AP as a notice only");
                assertEquals(SHARED_TEXT, findings.get(1).json().path("data").path("finding").path("text").asText());
                assertTrue(ap.requests().stream().anyMatch(r -> r.json().path("data").path("investigation").path("id").asText()
                        .equals(apCase.id().toString())));
                assertEquals(List.of(), ap.requestsOfType(EventType.INCIDENT_REPORTED.ceType()),
                        "before AP investigated, the case did not exist for AP");

                // The viewer gets the AMBER case as a marking only: no title, summary, names or finding text.
                eventually(() -> viewer.requestsOfType(EventType.INCIDENT_UPDATED.ceType()), l -> l.size() == 1);
                for (Request r : viewer.requests()) {
                    String body = new String(r.body(), StandardCharsets.UTF_8);
                    assertFalse(body.contains(lab.title) || body.contains(lab.summary) || body.contains(SHARED_TEXT)
                            || body.contains(IncidentFacts.LAB), body);
                }
                assertEquals("AMBER", viewer.requests().get(0).json().path("data").path("incident").path("tlp").asText());

                assertEquals(0, csirtSub.messages(null).size(), "CSIRT does not investigate this case");
                assertEquals(List.of(), csirt.requests());
            } finally {
                apSub.delete();
                csirtSub.delete();
                viewerSub.delete();
            }
        }
    }

    @Test
    void aViewerIsSentNothingOfARedIncidentWhileAnAnalystIs() throws Exception {
        try (Receiver receiver = new Receiver()) {
            IncidentFacts red = IncidentFacts.referenceCase();
            red.tlp = Tlp.RED;
            Made viewerSub = Subscribe.to(() -> as("viewer"), receiver.url(), red.id);
            Made analystSub = Subscribe.to(() -> as("analyst"), receiver.url(), red.id, "incident.*");
            try {
                CaseEvents.reported(red);
                // Obligations open in the transaction that records the webhook messages.
                Api.awaitObligations(red.id, 7);
                eventually(() -> analystSub.messages(null), l -> l.size() == 1);
                assertEquals(0, viewerSub.messages(null).size());
            } finally {
                viewerSub.delete();
                analystSub.delete();
            }
        }
    }

    private static InvestigationSnapshot opened(IncidentFacts f, Authority authority) {
        InvestigationSnapshot i = new InvestigationSnapshot(UUID.randomUUID(), f.id, f.reference, authority,
                InvestigationStatus.OPEN, "opened at triage", null, Instant.parse("2025-07-07T09:00:00Z"), null, null, null,
                null, null, 0, 1);
        Broker.publish(EventType.INVESTIGATION_OPENED, f.id, new InvestigationEventData(i, Actor.SYSTEM, null));
        return i;
    }

    private static void finding(IncidentFacts f, InvestigationSnapshot i, Finding finding) {
        InvestigationSnapshot after = new InvestigationSnapshot(i.id(), i.incidentId(), i.incidentReference(), i.authority(),
                i.status(), i.basis(), i.assignee(), i.openedAt(), i.assignedAt(), i.concludedAt(), i.outcome(), i.summary(),
                i.measures(), i.findingCount() + 1, i.version() + 1);
        Broker.publish(EventType.INVESTIGATION_FINDING_RECORDED, f.id,
                new InvestigationEventData(after, new Actor("inspecteur@igj.nl", "IGJ", "investigator", "IGJ"), finding));
    }
}
