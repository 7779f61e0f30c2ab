package nl.meldpunt.notification.stream;

import static nl.meldpunt.notification.Api.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.IncidentEventData;
import nl.meldpunt.contract.Severity;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.localstack.SharedStack;
import nl.meldpunt.localstack.Tokens;
import nl.meldpunt.notification.Broker;
import nl.meldpunt.notification.CaseEvents;
import nl.meldpunt.notification.IncidentFacts;
import nl.meldpunt.notification.MovableClock;
import nl.meldpunt.notification.events.CaseEvent;
import nl.meldpunt.notification.events.CaseEventLog;
import nl.meldpunt.support.inbox.IncomingEvent;

/** GET /streams/events and POST /streams/tickets against the real broker and database (docs/streams.md). */
@QuarkusTest
class StreamTest {

    @Inject
    CaseEventLog log;

    @Inject
    Sequencer sequencer;

    @Inject
    Streams streams;

    @Inject
    StreamFeed feed;

    @Inject
    EntityManager em;

    @Inject
    MovableClock clock;

    private static String token(String role) {
        return SharedStack.token(role);
    }

    @Test
    void eachMessageCarriesItsFeedPositionItsTypeAndTheStructuredCloudEvent() {
        IncidentFacts lab = IncidentFacts.referenceCase();
        try (SseClient analyst = SseClient.withToken(token("analyst"), "incidentId=" + lab.id)) {
            assertEquals(200, analyst.status());
            Broker.Sent reported = CaseEvents.reported(lab);
            SseClient.Message m = analyst.awaitEvent(reported.eventId().toString());
            assertEquals("incident.reported", m.event());
            assertEquals(feed.positionOf(reported.eventId()), m.position());
            assertEquals("1.0", m.json().path("specversion").asText());
            assertEquals(EventType.INCIDENT_REPORTED.ceType(), m.json().path("type").asText());
            assertEquals(lab.title, m.json().path("data").path("incident").path("title").asText(), "an analyst sees the free text");
            // The obligations the report opens arrive on the same stream, read back from notification-events.
            analyst.await(e -> e.event() != null && e.event().equals("obligation.opened"));
        }
    }

    @Test
    void theFiltersNarrowTheStreamByIncidentTypeAuthorityAndSeverity() {
        IncidentFacts critical = IncidentFacts.referenceCase();
        IncidentFacts low = IncidentFacts.referenceCase();
        low.severity = Severity.LOW;
        try (SseClient byIncident = SseClient.withToken(token("analyst"), "incidentId=" + critical.id);
                SseClient byType = SseClient.withToken(token("analyst"), "types=incident.triaged&incidentId=" + critical.id);
                SseClient byFamily = SseClient.withToken(token("analyst"), "types=investigation.*,incident.reported");
                SseClient bySeverity = SseClient.withToken(token("analyst"), "minSeverity=high&types=incident.*");
                SseClient byAuthority = SseClient.withToken(token("analyst"), "authority=igj&types=incident.*")) {
            CaseEvents.reported(critical);
            Broker.Sent lowReported = CaseEvents.reported(low);
            Broker.Sent opened = CaseEvents.investigationOpened(critical, Authority.IGJ);
            // The two topics are not ordered with each other: the triage follows once IGJ is known to investigate.
            byFamily.awaitEvent(opened.eventId().toString());
            byFamily.awaitEvent(lowReported.eventId().toString());
            Broker.Sent triaged = CaseEvents.triaged(critical);

            byType.awaitEvent(triaged.eventId().toString());
            byIncident.awaitEvent(triaged.eventId().toString());
            bySeverity.awaitEvent(triaged.eventId().toString());
            byAuthority.awaitEvent(triaged.eventId().toString());
            // The low incident's report was placed before the triage: every stream has passed it.
            assertEquals(List.of("incident.triaged"), byType.events().stream().map(SseClient.Message::event).toList());
            assertTrue(byIncident.events().stream().allMatch(m -> m.json().path("subject").asText().equals(critical.id.toString())));
            assertTrue(byFamily.events().stream().allMatch(m -> m.event().startsWith("investigation.") || m.event().equals("incident.reported")));
            assertTrue(bySeverity.events().stream().noneMatch(m -> m.json().path("subject").asText().equals(low.id.toString())),
                    "a LOW incident is below minSeverity=HIGH");
            assertTrue(byAuthority.events().stream().allMatch(m -> m.json().path("subject").asText().equals(critical.id.toString())),
                    "only the case IGJ investigates");
        }
    }

    @Test
    void anUnknownTypeOrAMalformedPositionIsABadRequestNamingTheField() {
        as("analyst").accept("text/event-stream").queryParam("types", "incident.exploded").get("/streams/events")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("types"));
        as("analyst").accept("text/event-stream").header("Last-Event-ID", "yesterday").get("/streams/events")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("Last-Event-ID"));
        io.restassured.RestAssured.given().accept("text/event-stream").get("/streams/events").then().statusCode(401)
                .contentType(containsString("problem+json"));
    }

    @Test
    void aViewersStreamCarriesNoAmberFreeTextAndNoRedIncident() {
        IncidentFacts amber = IncidentFacts.referenceCase();
        IncidentFacts red = IncidentFacts.referenceCase();
        red.tlp = Tlp.RED;
        red.title = "Red-only title of a hidden case";
        try (SseClient viewer = SseClient.withToken(token("viewer"), "types=incident.*");
                SseClient analyst = SseClient.withToken(token("analyst"), "types=incident.*")) {
            Broker.Sent redReported = CaseEvents.reported(red);
            long redPosition = analyst.awaitEvent(redReported.eventId().toString()).position();
            Broker.Sent amberReported = CaseEvents.reported(amber);
            SseClient.Message seen = viewer.awaitEvent(amberReported.eventId().toString());
            assertTrue(seen.position() > redPosition, "the viewer's stream has passed the RED incident's position");

            assertEquals("AMBER", seen.json().path("data").path("incident").path("tlp").asText(), "AMBER shows as a marking");
            assertTrue(seen.json().path("data").path("incident").path("title").isMissingNode()
                    || seen.json().path("data").path("incident").path("title").isNull(), seen.data());
            String everything = viewer.messages().stream().map(SseClient.Message::data).collect(Collectors.joining("\n"));
            assertFalse(everything.contains(amber.title), "no AMBER title");
            assertFalse(everything.contains(amber.summary), "no AMBER summary");
            assertFalse(everything.contains(IncidentFacts.LAB), "no AMBER organisation name");
            assertFalse(everything.contains(red.id.toString()), "no RED incident at all");
            assertFalse(everything.contains(red.title));
        }
    }

    @Test
    void aResumeWithLastEventIdReplaysWhatWasMissedThenGoesLiveWithoutGapOrDuplicate() {
        IncidentFacts lab = IncidentFacts.referenceCase();
        String query = "types=incident.*&incidentId=" + lab.id;
        long before;
        UUID first;
        try (SseClient s = SseClient.withToken(token("analyst"), query)) {
            first = CaseEvents.reported(lab).eventId();
            before = s.awaitEvent(first.toString()).position();
        }
        // Missed while disconnected.
        UUID missed1 = CaseEvents.updated(lab.next(Instant.parse("2025-07-06T10:00:00Z")), "title").eventId();
        UUID missed2 = CaseEvents.triaged(lab.next(Instant.parse("2025-07-06T11:00:00Z"))).eventId();
        await().atMost(Duration.ofSeconds(60)).until(() -> feed.positionOf(missed2) != null);

        try (SseClient header = SseClient.open(query, Map.of("Authorization", "Bearer " + token("analyst"),
                "Last-Event-ID", Long.toString(before)));
                SseClient param = SseClient.withToken(token("analyst"), query + "&lastEventId=" + before)) {
            UUID live = CaseEvents.updated(lab.next(Instant.parse("2025-07-06T12:00:00Z")), "summary").eventId();
            for (SseClient s : List.of(header, param)) {
                s.awaitEvent(live.toString());
                assertEquals(List.of(missed1.toString(), missed2.toString(), live.toString()),
                        s.events().stream().map(SseClient.Message::eventId).toList(), "replayed, then live, each once");
                List<Long> positions = s.events().stream().map(SseClient.Message::position).toList();
                assertTrue(positions.get(0) > before);
                assertEquals(positions.stream().sorted().distinct().toList(), positions, "rising positions");
            }
        }
    }

    /**
     * The interleaving a plain sequence gets wrong: transaction A stages its event first, transaction B
     * stages after it and commits first. A reader that numbered by staging order would have passed A's
     * number while A was still uncommitted, and skipped A's event for good.
     */
    @Test
    void anEventThatCommitsLaterThanALaterStagedOneIsNeitherSkippedNorDuplicated() throws Exception {
        IncidentFacts lab = IncidentFacts.referenceCase();
        String query = "incidentId=" + lab.id + "&types=incident.*";
        try (SseClient live = SseClient.withToken(token("analyst"), query)) {
            UUID reported = CaseEvents.reported(lab).eventId();
            long start = live.awaitEvent(reported.toString()).position();

            CaseEvent a = updated(lab, Instant.parse("2025-07-06T10:00:00Z"));
            CaseEvent b = updated(lab, Instant.parse("2025-07-06T11:00:00Z"));
            CountDownLatch aStaged = new CountDownLatch(1);
            CountDownLatch bCommitted = new CountDownLatch(1);
            CompletableFuture<Void> txA = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(() -> {
                log.keepAndRelay(a);
                aStaged.countDown();
                try {
                    assertTrue(bCommitted.await(60, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
            assertTrue(aStaged.await(60, TimeUnit.SECONDS));
            QuarkusTransaction.requiringNew().run(() -> log.keepAndRelay(b));

            // B is placed and delivered while A is still open.
            SseClient.Message bSeen = live.awaitEvent(b.event().id().toString());
            assertEquals(null, feed.positionOf(a.event().id()), "A is not placed while it is uncommitted");
            bCommitted.countDown();
            txA.get(60, TimeUnit.SECONDS);
            SseClient.Message aSeen = live.awaitEvent(a.event().id().toString());

            assertTrue(entry(a) < entry(b), "A was staged first: by staging number a reader would have skipped it");
            assertTrue(aSeen.position() > bSeen.position(), "A is placed after B, so the reader had not passed it");
            assertEquals(List.of(reported.toString(), b.event().id().toString(), a.event().id().toString()),
                    live.events().stream().map(SseClient.Message::eventId).toList(), "each event once, in commit order");

            try (SseClient resumed = SseClient.open(query, Map.of("Authorization", "Bearer " + token("analyst"),
                    "Last-Event-ID", Long.toString(start)))) {
                resumed.awaitEvent(a.event().id().toString());
                assertEquals(List.of(b.event().id().toString(), a.event().id().toString()),
                        resumed.events().stream().map(SseClient.Message::eventId).toList());
            }
        }
    }

    private long entry(CaseEvent e) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT entry FROM stream_feed WHERE event_id = ?1").setParameter(1, e.event().id()).getSingleResult()).longValue());
    }

    private CaseEvent updated(IncidentFacts lab, Instant at) {
        IncidentEventData data = new IncidentEventData(lab.next(at).snapshot(), CaseEvents.ANALYST, List.of("summary"), null, null, null);
        UUID id = UUID.randomUUID();
        String json;
        try {
            json = Broker.JSON.writeValueAsString(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        IncomingEvent event = new IncomingEvent(id, EventType.INCIDENT_UPDATED, "/meldpunt/incident-service", lab.id, at,
                lab.version, null, "incident-events", json);
        return new CaseEvent(event, lab.id, data);
    }

    @Test
    void aResumeFromBeforeTheRetentionHorizonGetsAResetAndThenTheLiveFeed() {
        IncidentFacts lab = IncidentFacts.referenceCase();
        UUID reported = CaseEvents.reported(lab).eventId();
        await().atMost(Duration.ofSeconds(60)).until(() -> feed.positionOf(reported) != null);
        long position = feed.positionOf(reported);
        await().atMost(Duration.ofSeconds(10)).until(() -> streams.purgeOlderThan(Duration.ZERO) >= 0 && feed.positionOf(reported) == null);

        try (SseClient s = SseClient.open("incidentId=" + lab.id, Map.of("Authorization", "Bearer " + token("analyst"),
                "Last-Event-ID", Long.toString(position - 1)))) {
            SseClient.Message reset = s.await(m -> "reset".equals(m.event()));
            assertTrue(reset.data().contains("retention"), reset.data());
            assertTrue(reset.position() >= position, "the reset carries the head as its id");
            UUID next = CaseEvents.triaged(lab.next(Instant.parse("2025-07-06T10:00:00Z"))).eventId();
            s.awaitEvent(next.toString());
        }
        try (SseClient fromHorizon = SseClient.open("incidentId=" + lab.id, Map.of("Authorization", "Bearer " + token("analyst"),
                "Last-Event-ID", Long.toString(feed.purgedThrough())))) {
            UUID later = CaseEvents.updated(lab.next(Instant.parse("2025-07-06T11:00:00Z")), "summary").eventId();
            fromHorizon.awaitEvent(later.toString());
            assertTrue(fromHorizon.find(m -> "reset".equals(m.event())).isEmpty(), "nothing was missed after the horizon");
        }
    }

    @Test
    void aTicketOpensOneStreamOnceAndExpiresAfterItsLifetime() {
        clock.set(Instant.now());
        String ticket = as("viewer").body("{}").post("/streams/tickets").then().statusCode(201)
                .body("use", containsString("/streams/events?ticket=")).extract().path("ticket");
        try (SseClient first = SseClient.open("ticket=" + ticket, Map.of())) {
            assertEquals(200, first.status());
            IncidentFacts amber = IncidentFacts.referenceCase();
            UUID reported = CaseEvents.reported(amber).eventId();
            SseClient.Message m = first.awaitEvent(reported.toString());
            assertTrue(m.json().path("data").path("incident").path("title").isMissingNode()
                    || m.json().path("data").path("incident").path("title").isNull(), "the ticket reads as the viewer it was issued to");
        }
        try (SseClient second = SseClient.open("ticket=" + ticket, Map.of())) {
            assertEquals(401, second.status(), "a ticket works once");
        }
        String expiring = as("analyst").body("{}").post("/streams/tickets").then().statusCode(201).extract().path("ticket");
        clock.set(clock.instant().plusSeconds(61));
        try (SseClient late = SseClient.open("ticket=" + expiring, Map.of())) {
            assertEquals(401, late.status(), "a ticket expires after 60 s");
        }
    }

    @Test
    void theStreamEndsWithAReasonWhenItsTokenExpires() {
        String shortLived = SharedStack.tokens().mint(Tokens.Claims.of("analyst", null).withTtl(Duration.ofSeconds(4)));
        try (SseClient s = SseClient.withToken(shortLived, "")) {
            assertEquals(200, s.status());
            SseClient.Message end = s.await(m -> "end".equals(m.event()));
            assertTrue(end.data().contains("token-expired"), end.data());
            await().atMost(Duration.ofSeconds(10)).until(s::ended);
        }
    }

    @Test
    void anIdleStreamGetsHeartbeatComments() {
        try (SseClient s = SseClient.withToken(token("viewer"), "incidentId=" + UUID.randomUUID())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> s.comments().contains("heartbeat"));
        }
    }

    @Test
    void everyEventWithAPositionIsPlacedOnceAndPositionsHaveNoHoles() {
        QuarkusTransaction.requiringNew().run(() -> {
            Object[] r = (Object[]) em.createNativeQuery("SELECT count(*), min(position), max(position), count(DISTINCT position) "
                    + "FROM stream_feed WHERE position IS NOT NULL").getSingleResult();
            long count = ((Number) r[0]).longValue();
            if (count > 0) {
                assertEquals(count, ((Number) r[3]).longValue());
                assertEquals(count, ((Number) r[2]).longValue() - ((Number) r[1]).longValue() + 1, "dense positions");
            }
        });
        assertEquals(Set.of(), Set.of());
    }
}
