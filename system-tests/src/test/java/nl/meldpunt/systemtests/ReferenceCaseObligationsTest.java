package nl.meldpunt.systemtests;

import static nl.meldpunt.systemtests.ReferenceCaseFlowTest.analyst;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import nl.meldpunt.systemtests.RunningPlatform.Service;

/**
 * The regulatory clocks of the reference case, across real processes: the lab (a processor)
 * became aware on 2025-07-06 but told the screening organisation (the controller) only on
 * 2025-08-06; the controller's own 72 h towards the AP run from that day.
 */
@ExtendWith(RunningPlatform.class)
class ReferenceCaseObligationsTest {

    private static final Duration PROPAGATION = Duration.ofSeconds(90);
    private static final String LAB = "Clinical Diagnostics NMDL";
    private static final String SCREENING = "Bevolkingsonderzoek Nederland";

    @Test
    void theLabsLateNoticeIsOverdueAndTheControllersApClockRunsFromItsOwnAwareness() throws IOException {
        String id = analyst(Service.INCIDENT)
                .body(Files.readString(RunningPlatform.repositoryRoot().resolve("docs/examples/clinical-diagnostics.json")))
                .post("/incidents").then().statusCode(201).extract().path("id");

        // Every obligation the report triggers, each from the owing party's own awareness.
        await("obligations of " + id).atMost(PROPAGATION).untilAsserted(() -> analyst(Service.NOTIFICATION)
                .queryParam("incidentId", id).get("/obligations").then().statusCode(200)
                .body("items.kind", hasItems("GDPR_ART33_2_CONTROLLER", "GDPR_ART33_AP", "GDPR_ART34_SUBJECTS",
                        "NIS2_EARLY_WARNING", "NIS2_NOTIFICATION", "NIS2_FINAL_REPORT", "IGJ_CALAMITY_REPORT")));
        String notice = obligation(id, "GDPR_ART33_2_CONTROLLER");
        String toAp = obligation(id, "GDPR_ART33_AP");
        analyst(Service.NOTIFICATION).get("/obligations/{id}", notice).then()
                .body("party", equalTo(LAB)).body("recipient", equalTo(SCREENING))
                .body("clockStartedAt", equalTo("2025-07-06T08:00:00Z"))
                .body("dueAt", equalTo("2025-07-07T08:00:00Z"));
        analyst(Service.NOTIFICATION).get("/obligations/{id}", toAp).then()
                .body("party", equalTo(SCREENING)).body("state", equalTo("WAITING"));
        analyst(Service.NOTIFICATION).get("/obligations/{id}", obligation(id, "NIS2_EARLY_WARNING")).then()
                .body("dueAt", equalTo("2025-07-07T08:00:00Z"));
        analyst(Service.NOTIFICATION).get("/obligations/{id}", obligation(id, "NIS2_NOTIFICATION")).then()
                .body("dueAt", equalTo("2025-07-09T08:00:00Z"));

        // The clock pass marks the processor's notice OVERDUE: a month went by.
        await("notice OVERDUE").atMost(PROPAGATION).untilAsserted(() -> analyst(Service.NOTIFICATION)
                .get("/obligations/{id}", notice).then().body("state", equalTo("OVERDUE")));

        // The lab tells the screening organisation on 6 August: its Art. 33(1) clock starts then.
        analyst(Service.NOTIFICATION)
                .body("{\"fulfilledAt\":\"2025-08-06T09:00:00Z\",\"submissionReference\":\"letter CD-2025-0806\"}")
                .post("/obligations/{id}/fulfil", notice).then().statusCode(200).body("state", equalTo("FULFILLED"));
        await("controller's AP clock").atMost(PROPAGATION).untilAsserted(() -> analyst(Service.NOTIFICATION)
                .get("/obligations/{id}", toAp).then()
                .body("clockStartedAt", equalTo("2025-08-06T09:00:00Z"))
                .body("dueAt", equalTo("2025-08-09T09:00:00Z"))
                .body("state", org.hamcrest.Matchers.in(java.util.List.of("PENDING", "OVERDUE"))));

        // The draft for the AP lists what the law asks and the case does not say yet ...
        analyst(Service.NOTIFICATION).get("/obligations/{id}/draft", toAp).then().statusCode(200)
                .body("missing.field", hasItems("contactPoint", "likelyConsequences", "measuresTaken", "estimatedRecords"));
        // ... until the analyst fills in the facts.
        analyst(Service.INCIDENT).contentType("application/merge-patch+json")
                .body("{\"contactPoint\":{\"name\":\"Functionaris gegevensbescherming\",\"email\":\"fg@bevolkingsonderzoeknederland.nl\"},"
                        + "\"estimatedRecords\":941000,"
                        + "\"likelyConsequences\":\"Identity fraud and phishing using BSN and health data\","
                        + "\"measuresTaken\":\"Participants informed by letter; monitoring of data leak sites\"}")
                .patch("/incidents/{id}", id).then().statusCode(200);
        await("draft complete").atMost(PROPAGATION).untilAsserted(() -> analyst(Service.NOTIFICATION)
                .get("/obligations/{id}/draft", toAp).then().statusCode(200)
                .body("missing.field", not(hasItem("contactPoint")))
                .body("missing", empty()));
        analyst(Service.NOTIFICATION).accept("text/markdown").get("/obligations/{id}/draft", toAp).then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("Functionaris gegevensbescherming"));
        analyst(Service.NOTIFICATION).queryParam("incidentId", id).queryParam("party", SCREENING).get("/obligations")
                .then().body("items.kind", containsInAnyOrder("GDPR_ART33_AP", "GDPR_ART34_SUBJECTS"));
    }

    private static String obligation(String incidentId, String kind) {
        return analyst(Service.NOTIFICATION).queryParam("incidentId", incidentId).get("/obligations").then().extract()
                .path("items.find { it.kind == '" + kind + "' }.id");
    }
}
