package nl.meldpunt.notification.service;

import static nl.meldpunt.notification.Api.as;
import static nl.meldpunt.notification.Api.id;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.notification.Broker;
import nl.meldpunt.notification.CaseEvents;
import nl.meldpunt.notification.IncidentFacts;
import nl.meldpunt.notification.MovableClock;

/** One clock: the obligation clocks and the event log's ce_time read the same injectable clock. */
@QuarkusTest
class ServiceClockTest {

    @Inject
    MovableClock clock;

    @Test
    void obligationEventsAreStampedWithTheTimeOfTheServiceClock() {
        Instant reported = Instant.parse("2025-07-06T09:30:00Z");
        IncidentFacts lab = CaseEvents.reportTheLab(clock, reported);
        as("analyst").get("/obligations/" + id(lab.id, "NIS2_EARLY_WARNING")).then().statusCode(200);

        List<ConsumerRecord<String, String>> opened = await().atMost(Duration.ofSeconds(60))
                .until(() -> Broker.notificationEvents(lab.id).stream()
                        .filter(r -> EventType.OBLIGATION_OPENED.ceType().equals(Broker.header(r, CloudEventHeaders.TYPE)))
                        .toList(), r -> r.size() == 7);
        assertFalse(opened.isEmpty());
        for (ConsumerRecord<String, String> r : opened) {
            assertEquals(reported, Instant.parse(Broker.header(r, CloudEventHeaders.TIME)), r.value());
        }
    }
}
