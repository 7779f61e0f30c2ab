package nl.meldpunt.investigation.rest;

import static nl.meldpunt.investigation.Fixtures.as;
import static nl.meldpunt.investigation.Fixtures.investigationOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.investigation.IncidentEvents;
import nl.meldpunt.investigation.IncidentEvents.Incident;
import nl.meldpunt.investigation.InvestigationEvents;
import nl.meldpunt.investigation.PinnableClock;
import nl.meldpunt.localstack.TopicReader;

/** One clock: an investigation's own times and its events' ce_time come from the same injectable clock. */
@QuarkusTest
class ServiceClockTest {

    @Inject
    PinnableClock clock;

    @AfterEach
    void release() {
        clock.release();
    }

    @Test
    void anOpenedInvestigationAndItsCloudEventTellTheTimeOfTheServiceClock() {
        // An hour ago: a moment the system clock cannot produce while the test runs.
        Instant pinned = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MICROS);
        clock.pin(pinned);
        Incident incident = IncidentEvents.newIncident();
        IncidentEvents.reportAndTriage(incident, Tlp.AMBER, Authority.IGJ);

        String id = investigationOf(incident.id(), "IGJ");
        String openedAt = as("analyst").get("/investigations/" + id).then().statusCode(200).extract().path("openedAt");
        assertEquals(pinned, Instant.parse(openedAt));

        List<ConsumerRecord<String, String>> opened = InvestigationEvents.ofType(
                InvestigationEvents.of(incident.id(), InvestigationEvents.atLeast(EventType.INVESTIGATION_OPENED, 1)),
                EventType.INVESTIGATION_OPENED);
        assertEquals(pinned, Instant.parse(TopicReader.header(opened.get(0), CloudEventHeaders.TIME)));
    }
}
