package nl.meldpunt.investigation.rest;

import static nl.meldpunt.investigation.Fixtures.as;
import static nl.meldpunt.investigation.Fixtures.asInvestigator;
import static nl.meldpunt.investigation.Fixtures.investigationOf;
import static nl.meldpunt.investigation.InvestigationEvents.assertConforms;
import static nl.meldpunt.investigation.InvestigationEvents.assertSequenceRises;
import static nl.meldpunt.investigation.InvestigationEvents.atLeast;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.investigation.IncidentEvents;
import nl.meldpunt.investigation.IncidentEvents.Incident;
import nl.meldpunt.investigation.InvestigationEvents;
import nl.meldpunt.investigation.TopicReader;

@QuarkusTest
class InvestigationChangesTest {

    private static final String PROBLEM = "application/problem+json";

    private static Incident triaged(Authority... authorities) {
        Incident incident = IncidentEvents.newIncident();
        IncidentEvents.reportAndTriage(incident, Tlp.AMBER, authorities);
        return incident;
    }

    @Test
    void theIgjAssignsRecordsAFindingAndConcludesItsInvestigationAndEachChangeIsAnEvent() {
        Incident incident = triaged(Authority.IGJ, Authority.AP);
        String igj = investigationOf(incident.id(), "IGJ");
        investigationOf(incident.id(), "AP");

        asInvestigator("IGJ").header("If-Match", "\"1\"").body("{\"assignee\":\"inspector@igj.meldpunt.local\"}")
                .post("/investigations/" + igj + "/assign")
                .then().statusCode(200).header("ETag", "\"2\"")
                .body("status", equalTo("IN_PROGRESS")).body("assignee", equalTo("inspector@igj.meldpunt.local"))
                .body("assignedAt", notNullValue());

        String location = asInvestigator("IGJ").header("If-Match", "\"2\"")
                .body("{\"text\":\"Remote access without MFA\",\"visibility\":\"SHARED\"}")
                .post("/investigations/" + igj + "/findings")
                .then().statusCode(201).header("ETag", "\"3\"")
                .header("Location", containsString("/investigations/" + igj + "/findings/"))
                .body("authority", equalTo("IGJ")).body("visibility", equalTo("SHARED"))
                .body("recordedBy", equalTo("investigator@igj.meldpunt.local"))
                .extract().header("Location");
        asInvestigator("IGJ").get(location).then().statusCode(200).body("text", equalTo("Remote access without MFA"));

        asInvestigator("IGJ").header("If-Match", "\"3\"").body("""
                {"outcome":"ORDER","summary":"NEN 7510 not met for the screening systems",
                 "measures":["MFA on all remote access within 30 days","Audit by an accredited body"]}""")
                .post("/investigations/" + igj + "/conclude")
                .then().statusCode(200).header("ETag", "\"4\"")
                .body("status", equalTo("CONCLUDED")).body("outcome", equalTo("ORDER"))
                .body("measures", contains("MFA on all remote access within 30 days", "Audit by an accredited body"))
                .body("findingCount", equalTo(1)).body("findings.text", contains("Remote access without MFA"));

        List<ConsumerRecord<String, String>> events = InvestigationEvents.of(incident.id(),
                atLeast(EventType.INVESTIGATION_CONCLUDED, 1));
        assertEquals(List.of(EventType.INVESTIGATION_OPENED.ceType(), EventType.INVESTIGATION_OPENED.ceType(),
                EventType.INVESTIGATION_ASSIGNED.ceType(), EventType.INVESTIGATION_FINDING_RECORDED.ceType(),
                EventType.INVESTIGATION_CONCLUDED.ceType()),
                events.stream().map(e -> TopicReader.header(e, CloudEventHeaders.TYPE)).toList());
        assertSequenceRises(events);
        for (ConsumerRecord<String, String> e : events) {
            assertConforms(e, incident.id());
        }
        JsonNode recorded = assertConforms(InvestigationEvents.ofType(events, EventType.INVESTIGATION_FINDING_RECORDED).get(0),
                incident.id());
        assertEquals("Remote access without MFA", recorded.at("/finding/text").asText());
        assertEquals("investigator@igj.meldpunt.local", recorded.at("/actor/subject").asText());
        assertEquals("IGJ", recorded.at("/actor/authority").asText());
        JsonNode concluded = assertConforms(InvestigationEvents.ofType(events, EventType.INVESTIGATION_CONCLUDED).get(0),
                incident.id());
        assertEquals(4, concluded.at("/investigation/version").asInt());
        assertEquals(igj, concluded.at("/investigation/id").asText());
    }

    @Test
    void theApCannotAssignRecordFindingsOnOrConcludeTheIgjsInvestigation() {
        Incident incident = triaged(Authority.IGJ, Authority.AP);
        String igj = investigationOf(incident.id(), "IGJ");

        asInvestigator("AP").body("{\"assignee\":\"investigator@ap.meldpunt.local\"}")
                .post("/investigations/" + igj + "/assign")
                .then().statusCode(403).contentType(PROBLEM).body("detail", containsString("investigation of IGJ"));
        asInvestigator("AP").body("{\"text\":\"planted\",\"visibility\":\"SHARED\"}")
                .post("/investigations/" + igj + "/findings").then().statusCode(403).contentType(PROBLEM);
        asInvestigator("IGJ").body("{\"assignee\":\"inspector@igj.meldpunt.local\"}")
                .post("/investigations/" + igj + "/assign").then().statusCode(200);
        asInvestigator("AP").body("{\"outcome\":\"FINE\",\"summary\":\"not theirs\"}")
                .post("/investigations/" + igj + "/conclude").then().statusCode(403).contentType(PROBLEM);

        as("analyst").get("/investigations/" + igj).then().statusCode(200)
                .body("status", equalTo("IN_PROGRESS")).body("findingCount", equalTo(0)).header("ETag", "\"2\"");
    }

    @Test
    void analystsCoordinateButOnlyTheAuthorityAssignsRecordsFindingsAndConcludes() {
        Incident incident = triaged(Authority.CSIRT);
        String csirt = investigationOf(incident.id(), "CSIRT");

        as("viewer").body("{\"assignee\":\"someone\"}").post("/investigations/" + csirt + "/assign")
                .then().statusCode(403).contentType(PROBLEM);
        as("analyst").body("{\"assignee\":\"handler@z-cert.example\"}").post("/investigations/" + csirt + "/assign")
                .then().statusCode(403).contentType(PROBLEM).body("detail", containsString("only its own investigators"));
        as("analyst").body("{\"text\":\"planted\",\"visibility\":\"SHARED\"}")
                .post("/investigations/" + csirt + "/findings").then().statusCode(403).contentType(PROBLEM);
        asInvestigator("CSIRT").body("{\"assignee\":\"handler@z-cert.example\"}").post("/investigations/" + csirt + "/assign")
                .then().statusCode(200).body("assignee", equalTo("handler@z-cert.example"));
        as("analyst").body("{\"outcome\":\"NO_ACTION\",\"summary\":\"not theirs\"}")
                .post("/investigations/" + csirt + "/conclude").then().statusCode(403).contentType(PROBLEM);
        as("analyst").get("/investigations/" + csirt).then().statusCode(200)
                .body("status", equalTo("IN_PROGRESS")).body("findingCount", equalTo(0));
    }

    @Test
    void aStaleIfMatchIsRefusedWith412AndChangesNothing() {
        Incident incident = triaged(Authority.AP);
        String ap = investigationOf(incident.id(), "AP");

        asInvestigator("AP").header("If-Match", "\"7\"").body("{\"assignee\":\"investigator@ap.meldpunt.local\"}")
                .post("/investigations/" + ap + "/assign")
                .then().statusCode(412).contentType(PROBLEM).body("errors.field", hasItem("If-Match"));
        asInvestigator("AP").header("If-Match", "\"1\"").body("{\"assignee\":\"investigator@ap.meldpunt.local\"}")
                .post("/investigations/" + ap + "/assign").then().statusCode(200).header("ETag", "\"2\"");
        asInvestigator("AP").header("If-Match", "\"1\"").body("{\"text\":\"late\",\"visibility\":\"AUTHORITY\"}")
                .post("/investigations/" + ap + "/findings").then().statusCode(412).contentType(PROBLEM);
        asInvestigator("AP").get("/investigations/" + ap).then().statusCode(200).header("ETag", "\"2\"")
                .body("findingCount", equalTo(0));
    }

    @Test
    void movesTheLifecycleDoesNotAllowAreRefusedWith409() {
        Incident incident = triaged(Authority.AP);
        String ap = investigationOf(incident.id(), "AP");

        asInvestigator("AP").body("{\"outcome\":\"NO_ACTION\",\"summary\":\"nothing found\"}")
                .post("/investigations/" + ap + "/conclude")
                .then().statusCode(409).contentType(PROBLEM).body("detail", containsString("must be assigned"));

        asInvestigator("AP").body("{\"assignee\":\"investigator@ap.meldpunt.local\"}")
                .post("/investigations/" + ap + "/assign").then().statusCode(200);
        asInvestigator("AP").body("{\"outcome\":\"WARNING\",\"summary\":\"Notified the AP late\"}")
                .post("/investigations/" + ap + "/conclude").then().statusCode(200).body("measures", equalTo(List.of()));

        asInvestigator("AP").body("{\"text\":\"after the fact\",\"visibility\":\"SHARED\"}")
                .post("/investigations/" + ap + "/findings").then().statusCode(409).contentType(PROBLEM);
        asInvestigator("AP").body("{\"assignee\":\"another@ap.meldpunt.local\"}")
                .post("/investigations/" + ap + "/assign").then().statusCode(409).contentType(PROBLEM);
        asInvestigator("AP").body("{\"outcome\":\"FINE\",\"summary\":\"second thoughts\"}")
                .post("/investigations/" + ap + "/conclude")
                .then().statusCode(409).contentType(PROBLEM).body("detail", equalTo("the investigation is already concluded"));
    }

    @Test
    void badInputIsRefusedWith400NamingTheField() {
        Incident incident = triaged(Authority.IGJ);
        String igj = investigationOf(incident.id(), "IGJ");
        String base = "/investigations/" + igj;

        asInvestigator("IGJ").body("{}").post(base + "/assign")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("assignee"));
        asInvestigator("IGJ").post(base + "/assign")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("body"));
        asInvestigator("IGJ").body("{\"text\":\"x\",\"visibility\":\"PUBLIC\"}").post(base + "/findings")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("visibility"))
                .body("errors[0].reason", containsString("AUTHORITY"));
        asInvestigator("IGJ").body("{\"text\":\"x\",\"visibility\":\"SHARED\",\"secret\":true}").post(base + "/findings")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("secret"));
        asInvestigator("IGJ").body("{\"assignee\":\"inspector@igj.meldpunt.local\"}").post(base + "/assign")
                .then().statusCode(200);
        asInvestigator("IGJ").body("{\"outcome\":\"ORDER\",\"measures\":[\"MFA\",\" \"]}").post(base + "/conclude")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("summary", "measures[1]"));
        asInvestigator("IGJ").body("{\"outcome\":\"SCOLD\",\"summary\":\"s\"}").post(base + "/conclude")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("outcome"));
        asInvestigator("IGJ").header("If-Match", "banana").body("{\"outcome\":\"ORDER\",\"summary\":\"s\"}")
                .post(base + "/conclude").then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("If-Match"));
        as("analyst").get(base).then().statusCode(200).body("status", equalTo("IN_PROGRESS"));
    }

    @Test
    void theCsirtCannotFineButMayRecommend() {
        Incident incident = triaged(Authority.CSIRT);
        String csirt = investigationOf(incident.id(), "CSIRT");
        asInvestigator("CSIRT").body("{\"assignee\":\"handler@z-cert.example\"}")
                .post("/investigations/" + csirt + "/assign").then().statusCode(200);

        asInvestigator("CSIRT").body("{\"outcome\":\"FINE\",\"summary\":\"Patch level far behind\"}")
                .post("/investigations/" + csirt + "/conclude")
                .then().statusCode(422).contentType(PROBLEM).body("errors.field", contains("outcome"));
        asInvestigator("CSIRT").body("{\"outcome\":\"RECOMMENDATIONS\",\"summary\":\"Patch level far behind\","
                + "\"measures\":[\"Patch the VPN appliance\"]}")
                .post("/investigations/" + csirt + "/conclude").then().statusCode(200).body("status", equalTo("CONCLUDED"));
    }

    @Test
    void anUnknownInvestigationIs404AndNoTokenIs401() {
        as("analyst").get("/investigations/" + UUID.randomUUID()).then().statusCode(404).contentType(PROBLEM);
        asInvestigator("IGJ").body("{\"assignee\":\"x\"}").post("/investigations/" + UUID.randomUUID() + "/assign")
                .then().statusCode(404).contentType(PROBLEM);
        RestAssured.given().get("/investigations").then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void healthMetricsAndOpenApiNeedNoToken() {
        RestAssured.given().get("/q/health/ready").then().statusCode(200);
        RestAssured.given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/investigations/{id}/conclude"));
        RestAssured.given().get("/q/metrics").then().statusCode(200).body(containsString("meldpunt_outbox_backlog"));
        RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/investigations'.get.responses.'200'", notNullValue())
                .body("info.title", endsWith("investigation-service"));
    }
}
