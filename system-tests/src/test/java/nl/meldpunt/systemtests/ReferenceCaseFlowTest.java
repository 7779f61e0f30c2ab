package nl.meldpunt.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import nl.meldpunt.contract.EventSchemas;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.localstack.SharedStack;
import nl.meldpunt.localstack.TopicReader;
import nl.meldpunt.systemtests.RunningPlatform.Service;

/**
 * The mission's core flow against the three services running as real processes, with real
 * tokens, a real Kafka broker and a real PostgreSQL: the Clinical Diagnostics breach from report
 * to coordinated IGJ and AP investigations to closure (docs/walkthrough.md follows the same steps).
 */
@ExtendWith(RunningPlatform.class)
class ReferenceCaseFlowTest {

    private static final Duration PROPAGATION = Duration.ofSeconds(90);

    @Test
    void theClinicalDiagnosticsBreachGoesFromReportThroughIgjAndApInvestigationsToClosure() throws IOException {
        // 1. An analyst reports the breach: a lab acting as processor for the screening organisation, ~485,000 people.
        String id = analyst(Service.INCIDENT)
                .body(Files.readString(RunningPlatform.repositoryRoot().resolve("docs/examples/clinical-diagnostics.json")))
                .post("/incidents")
                .then().statusCode(201)
                .body("status", equalTo("REPORTED"))
                .body("affectedOrganization.role", equalTo("PROCESSOR"))
                .body("personalData.estimatedDataSubjects", equalTo(485000))
                .extract().path("id");

        // 2. Weeks later the estimate grows to 715,000.
        analyst(Service.INCIDENT).contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body("{\"personalData\":{\"estimatedDataSubjects\":715000}}")
                .patch("/incidents/{id}", id)
                .then().statusCode(200).header("ETag", "\"2\"")
                .body("personalData.estimatedDataSubjects", equalTo(715000));

        // 3. Triage: the inspectorate and the data protection authority must investigate.
        analyst(Service.INCIDENT).header("If-Match", "\"2\"")
                .body("{\"requiredAuthorities\":[\"IGJ\",\"AP\"]}")
                .post("/incidents/{id}/triage", id)
                .then().statusCode(200).body("status", equalTo("TRIAGED"));

        // 4. Both investigations open, and the incident is being investigated.
        await("IGJ and AP investigations").atMost(PROPAGATION).untilAsserted(() -> analyst(Service.INVESTIGATION)
                .queryParam("incidentId", id).get("/investigations")
                .then().statusCode(200)
                .body("items.authority", containsInAnyOrder("IGJ", "AP"))
                .body("items.status", everyItem(equalTo("OPEN"))));
        await("incident INVESTIGATING").atMost(PROPAGATION).untilAsserted(() -> analyst(Service.INCIDENT)
                .get("/incidents/{id}", id).then().body("status", equalTo("INVESTIGATING")));
        String igj = investigationOf(id, "IGJ");
        String ap = investigationOf(id, "AP");

        // 5. Each authority assigns its investigation and records findings; the AP shares one with the IGJ.
        investigator("IGJ").body("{\"assignee\":\"inspecteur.jansen@igj.nl\"}")
                .post("/investigations/{id}/assign", igj).then().statusCode(200).body("status", equalTo("IN_PROGRESS"));
        investigator("AP").body("{\"assignee\":\"toezichthouder.devries@ap.nl\"}")
                .post("/investigations/{id}/assign", ap).then().statusCode(200).body("status", equalTo("IN_PROGRESS"));
        investigator("IGJ").body("{\"text\":\"Quality system of the lab did not cover supplier access\",\"visibility\":\"AUTHORITY\"}")
                .post("/investigations/{id}/findings", igj).then().statusCode(201);
        investigator("AP").body("{\"text\":\"Stolen data includes BSN and test results of 715,000 participants\",\"visibility\":\"SHARED\"}")
                .post("/investigations/{id}/findings", ap).then().statusCode(201);
        // Coordination: the IGJ sees the AP's shared finding; the AP never sees the IGJ's own finding.
        investigator("IGJ").get("/investigations/{id}", ap).then().statusCode(200)
                .body("findings.text", hasItem(org.hamcrest.Matchers.startsWith("Stolen data")));
        investigator("AP").get("/investigations/{id}", igj).then().statusCode(200)
                .body("findings.text", not(hasItem(org.hamcrest.Matchers.startsWith("Quality system"))));
        // And the AP cannot conclude the IGJ's investigation.
        investigator("AP").body("{\"outcome\":\"FINE\",\"summary\":\"x\",\"measures\":[]}")
                .post("/investigations/{id}/conclude", igj).then().statusCode(403);

        // 6. Both conclude, and the incident is resolved.
        investigator("IGJ").body("{\"outcome\":\"ORDER\",\"summary\":\"Order to secure the laboratory information system\","
                + "\"measures\":[\"independent security audit\",\"supplier access review\"]}")
                .post("/investigations/{id}/conclude", igj).then().statusCode(200).body("status", equalTo("CONCLUDED"));
        analyst(Service.INCIDENT).get("/incidents/{id}", id).then().body("status", equalTo("INVESTIGATING"));
        investigator("AP").body("{\"outcome\":\"FINE\",\"summary\":\"Breach of GDPR Art. 32 security obligations\","
                + "\"measures\":[\"administrative fine\"]}")
                .post("/investigations/{id}/conclude", ap).then().statusCode(200).body("status", equalTo("CONCLUDED"));
        await("incident RESOLVED").atMost(PROPAGATION).untilAsserted(() -> analyst(Service.INCIDENT)
                .get("/incidents/{id}", id).then().body("status", equalTo("RESOLVED")));

        // 7. The analyst closes it.
        analyst(Service.INCIDENT).body("{\"reason\":\"both investigations concluded\"}")
                .post("/incidents/{id}/close", id).then().statusCode(200).body("status", equalTo("CLOSED"));

        // The timeline tells the whole story, and its hash chain is intact.
        analyst(Service.INCIDENT).get("/incidents/{id}/timeline", id).then().statusCode(200)
                .body("type", contains("incident.reported", "incident.updated", "incident.triaged",
                        "incident.investigation-started", "incident.resolved", "incident.closed"));
        analyst(Service.INCIDENT).get("/incidents/{id}/timeline/verify", id).then().body("intact", equalTo(true));

        // Both topics carry the events in order, each valid against the event contract.
        EventSchemas schemas = new EventSchemas();
        try (TopicReader incidents = new TopicReader("incident-events");
                TopicReader investigations = new TopicReader("investigation-events")) {
            List<ConsumerRecord<String, String>> inc = await().atMost(PROPAGATION).until(() -> incidents.forKey(id),
                    r -> r.size() >= 6);
            assertEquals(List.of("incident.reported", "incident.updated", "incident.triaged",
                    "incident.investigation-started", "incident.resolved", "incident.closed"), names(inc));
            assertRisingSequence(inc);
            List<ConsumerRecord<String, String>> inv = await().atMost(PROPAGATION).until(() -> investigations.forKey(id),
                    r -> r.size() >= 8);
            List<String> invTypes = names(inv);
            assertEquals(List.of("investigation.opened", "investigation.opened"), invTypes.subList(0, 2));
            assertEquals(2, invTypes.stream().filter("investigation.assigned"::equals).count());
            assertEquals(2, invTypes.stream().filter("investigation.finding-recorded"::equals).count());
            assertEquals(List.of("investigation.concluded", "investigation.concluded"), invTypes.subList(6, 8));
            assertRisingSequence(inv);
            for (ConsumerRecord<String, String> r : concat(inc, inv)) {
                EventType type = EventType.fromCeType(TopicReader.header(r, "ce_type")).orElseThrow();
                assertEquals(List.of(), schemas.validate(type, r.value()), type.eventName());
                // The IGJ's own finding never reaches a topic that the AP, the analysts and dashboards read.
                assertFalse(r.value().contains("Quality system"), r.value());
            }
        }
    }

    @Test
    void aReopenedClinicalDiagnosticsCaseIsInvestigatedAgainByIgjAndApAndClosedAgain() throws IOException {
        String id = analyst(Service.INCIDENT)
                .body(Files.readString(RunningPlatform.repositoryRoot().resolve("docs/examples/clinical-diagnostics.json")))
                .post("/incidents").then().statusCode(201).extract().path("id");
        analyst(Service.INCIDENT).body("{\"requiredAuthorities\":[\"IGJ\",\"AP\"],\"rationale\":\"health data\"}")
                .post("/incidents/{id}/triage", id).then().statusCode(200);
        await("first round opened").atMost(PROPAGATION).untilAsserted(() -> analyst(Service.INVESTIGATION)
                .queryParam("incidentId", id).get("/investigations").then().body("items.authority", containsInAnyOrder("IGJ", "AP")));
        concludeRound(investigationOf(id, "IGJ"), "IGJ");
        concludeRound(investigationOf(id, "AP"), "AP");
        await("resolved after the first round").atMost(PROPAGATION).untilAsserted(() -> analyst(Service.INCIDENT)
                .get("/incidents/{id}", id).then().body("status", equalTo("RESOLVED")));
        analyst(Service.INCIDENT).body("{\"reason\":\"first round concluded\"}").post("/incidents/{id}/close", id)
                .then().statusCode(200);

        // New facts: the incident is reopened and both authorities start a second round.
        analyst(Service.INCIDENT).body("{\"reason\":\"the confirmed number grew from 485k to 715k\"}")
                .post("/incidents/{id}/reopen", id).then().statusCode(200).body("status", equalTo("INVESTIGATING"));
        String igj2 = await("IGJ may open a second round").atMost(PROPAGATION).until(() -> investigator("IGJ")
                .body("{\"incidentId\":\"" + id + "\",\"authority\":\"IGJ\",\"basis\":\"new facts after reopening\"}")
                .post("/investigations").then().extract(), r -> r.statusCode() == 201).path("id");
        String ap2 = analyst(Service.INVESTIGATION)
                .body("{\"incidentId\":\"" + id + "\",\"authority\":\"AP\",\"basis\":\"new facts after reopening\"}")
                .post("/investigations").then().statusCode(201).extract().path("id");
        concludeRound(igj2, "IGJ");
        analyst(Service.INCIDENT).get("/incidents/{id}", id).then().body("status", equalTo("INVESTIGATING"));
        concludeRound(ap2, "AP");
        await("resolved after the second round").atMost(PROPAGATION).untilAsserted(() -> analyst(Service.INCIDENT)
                .get("/incidents/{id}", id).then().body("status", equalTo("RESOLVED")));
        analyst(Service.INCIDENT).body("{\"reason\":\"second round concluded\"}").post("/incidents/{id}/close", id)
                .then().statusCode(200).body("status", equalTo("CLOSED"));

        analyst(Service.INCIDENT).get("/incidents/{id}/timeline", id).then().statusCode(200)
                .body("type", contains("incident.reported", "incident.triaged", "incident.investigation-started",
                        "incident.resolved", "incident.closed", "incident.reopened", "incident.resolved", "incident.closed"))
                .body("findAll { it.type == 'incident.resolved' }.actor.subject", everyItem(equalTo("system")));
        analyst(Service.INVESTIGATION).queryParam("incidentId", id).get("/investigations").then()
                .body("items.authority", containsInAnyOrder("IGJ", "IGJ", "AP", "AP"))
                .body("items.status", everyItem(equalTo("CONCLUDED")));
    }

    private static void concludeRound(String investigation, String authority) {
        investigator(authority).body("{\"assignee\":\"lead@" + authority.toLowerCase() + ".nl\"}")
                .post("/investigations/{id}/assign", investigation).then().statusCode(200);
        investigator(authority).body("{\"outcome\":\"RECOMMENDATIONS\",\"summary\":\"round concluded\"}")
                .post("/investigations/{id}/conclude", investigation).then().statusCode(200);
    }

    private static List<ConsumerRecord<String, String>> concat(List<ConsumerRecord<String, String>> a,
            List<ConsumerRecord<String, String>> b) {
        List<ConsumerRecord<String, String>> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<String> names(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> EventType.fromCeType(TopicReader.header(r, "ce_type")).orElseThrow().eventName())
                .collect(Collectors.toList());
    }

    private static void assertRisingSequence(List<ConsumerRecord<String, String>> records) {
        List<String> expected = IntStream.rangeClosed(1, records.size()).mapToObj(String::valueOf).collect(Collectors.toList());
        assertEquals(expected, records.stream().map(r -> TopicReader.header(r, "ce_sequence")).collect(Collectors.toList()));
    }

    private static String investigationOf(String incidentId, String authority) {
        return analyst(Service.INVESTIGATION).queryParam("incidentId", incidentId).queryParam("authority", authority)
                .get("/investigations").then().statusCode(200).extract().path("items[0].id");
    }

    static RequestSpecification analyst(Service service) {
        return given().baseUri(service.url()).auth().oauth2(SharedStack.token("analyst")).contentType(ContentType.JSON);
    }

    static RequestSpecification investigator(String authority) {
        return given().baseUri(Service.INVESTIGATION.url()).auth().oauth2(SharedStack.token("investigator", authority))
                .contentType(ContentType.JSON);
    }
}
