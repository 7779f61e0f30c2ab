package nl.meldpunt.notification.dashboard;

import static io.restassured.RestAssured.given;
import static nl.meldpunt.notification.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.notification.Api;
import nl.meldpunt.notification.CaseEvents;
import nl.meldpunt.notification.IncidentFacts;
import nl.meldpunt.notification.MovableClock;
import nl.meldpunt.notification.stream.SseClient;
import nl.meldpunt.notification.stream.StreamFeed;

/** GET /dashboard/summary, the sign-in and the page, against the real broker and database. */
@QuarkusTest
class DashboardTest {

    @Inject
    MovableClock clock;

    @Inject
    StreamFeed feed;

    private static List<Map<String, Object>> of(JsonPath summary, String list, UUID incidentId) {
        return summary.<Map<String, Object>>getList(list).stream().filter(o -> incidentId.toString().equals(o.get("incidentId"))).toList();
    }

    @Test
    void theSummaryCountsOpenIncidentsAndListsTheClocksDueSoonAndOverdueWithTheStreamPositionItReflects() {
        Instant now = IncidentFacts.AWARE.plus(Duration.ofHours(70));
        IncidentFacts lab = CaseEvents.reportTheLab(clock, now);
        clock.set(now);
        JsonPath s = as("analyst").get("/dashboard/summary").then().statusCode(200).extract().jsonPath();

        Map<String, Object> item = s.<Map<String, Object>>getList("incidents.items").stream()
                .filter(i -> lab.id.toString().equals(i.get("id"))).findFirst().orElseThrow();
        assertEquals(lab.title, item.get("title"));
        assertTrue(s.getInt("incidents.byStatus.REPORTED") >= 1);
        assertTrue(s.getInt("incidents.bySeverity.CRITICAL") >= 1);
        assertEquals(s.getList("incidents.items").size(), s.getInt("incidents.open"));

        List<Map<String, Object>> overdue = of(s, "overdue", lab.id);
        List<Map<String, Object>> dueSoon = of(s, "dueSoon", lab.id);
        assertFalse(overdue.isEmpty(), "the 24 h clocks ran out 46 h ago");
        assertFalse(dueSoon.isEmpty(), "the 72 h clocks run out within the 12 h lead");
        overdue.forEach(o -> assertFalse(Instant.parse((String) o.get("dueAt")).isAfter(now), o.toString()));
        dueSoon.forEach(o -> {
            Instant due = Instant.parse((String) o.get("dueAt"));
            assertTrue(due.isAfter(now) && !due.isAfter(now.plus(Duration.ofHours(12))), o.toString());
        });
        Long reportedAt = feed.positionOf(lastIncidentEvent(lab.id));
        assertNotNull(reportedAt);
        assertTrue(s.getLong("position") >= reportedAt, "the summary reflects the report's position");
    }

    private UUID lastIncidentEvent(UUID incidentId) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> (UUID) io.quarkus.arc.Arc.container()
                .instance(jakarta.persistence.EntityManager.class).get()
                .createNativeQuery("SELECT event_id FROM case_event WHERE incident_id = ?1 AND type = 'incident.reported'")
                .setParameter(1, incidentId).getResultList().get(0));
    }

    @Test
    void aViewersSummaryCountsOnlyWhatAViewerMaySee() {
        Instant now = IncidentFacts.AWARE.plus(Duration.ofHours(1));
        IncidentFacts amber = CaseEvents.reportTheLab(clock, now);
        IncidentFacts red = IncidentFacts.referenceCase();
        red.tlp = Tlp.RED;
        CaseEvents.reported(red);
        Api.awaitObligations(red.id, 7);

        JsonPath analyst = as("analyst").get("/dashboard/summary").then().statusCode(200).extract().jsonPath();
        Response viewerResponse = as("viewer").get("/dashboard/summary").then().statusCode(200).extract().response();
        JsonPath viewer = viewerResponse.jsonPath();
        assertTrue(analyst.getList("incidents.items.id").contains(red.id.toString()));
        assertFalse(viewer.getList("incidents.items.id").contains(red.id.toString()), "no RED incident for a viewer");
        assertTrue(viewer.getInt("incidents.open") < analyst.getInt("incidents.open"), "a viewer's count leaves RED out");
        Map<String, Object> seen = viewer.<Map<String, Object>>getList("incidents.items").stream()
                .filter(i -> amber.id.toString().equals(i.get("id"))).findFirst().orElseThrow();
        assertEquals("AMBER", seen.get("tlp"));
        assertNull(seen.get("title"));
        assertFalse(viewerResponse.asString().contains(amber.title));
        assertFalse(viewerResponse.asString().contains(IncidentFacts.LAB));
        assertTrue(of(viewer, "overdue", red.id).isEmpty() && of(viewer, "dueSoon", red.id).isEmpty(), "no RED clocks");
    }

    @Test
    void aSignInTicketOpensOneHttpOnlyStrictSessionForTheSummaryThePageAndTheStream() {
        String ticket = as("viewer").body("{\"purpose\":\"DASHBOARD\"}").post("/streams/tickets").then().statusCode(201)
                .body("use", containsString("/dashboard/sign-in?ticket=")).extract().path("ticket");
        Response signIn = given().redirects().follow(false).queryParam("ticket", ticket).get("/dashboard/sign-in");
        assertEquals(303, signIn.statusCode());
        String setCookie = signIn.getHeader("Set-Cookie");
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.toLowerCase().contains("samesite=strict"), setCookie);
        String session = signIn.getCookie("meldpunt_dashboard");

        given().cookie("meldpunt_dashboard", session).get("/dashboard/summary").then().statusCode(200);
        given().cookie("meldpunt_dashboard", session).get("/dashboard").then().statusCode(200)
                .body(containsString("redacted view")).body(containsString("viewer@meldpunt.local"));
        try (SseClient s = SseClient.open("", Map.of("Cookie", "meldpunt_dashboard=" + session))) {
            assertEquals(200, s.status());
        }
        given().redirects().follow(false).queryParam("ticket", ticket).get("/dashboard/sign-in").then().statusCode(401);
        given().cookie("meldpunt_dashboard", "not-a-session").get("/dashboard/summary").then().statusCode(401);
        given().get("/dashboard").then().statusCode(200).body(containsString("Sign in")).body(not(containsString("dashboard.js")));
        as("viewer").body("{}").post("/streams/tickets").then().statusCode(201);
        String streamTicket = as("viewer").body("{}").post("/streams/tickets").then().extract().path("ticket");
        given().redirects().follow(false).queryParam("ticket", streamTicket).get("/dashboard/sign-in").then()
                .statusCode(401);
    }
}
