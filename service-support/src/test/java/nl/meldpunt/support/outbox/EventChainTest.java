package nl.meldpunt.support.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class EventChainTest {

    private static final UUID EVENT = UUID.fromString("0197e0a0-0000-7000-8000-000000000001");
    private static final UUID INCIDENT = UUID.fromString("0197e0a0-0000-7000-8000-0000000000aa");
    private static final Instant AT = Instant.parse("2025-07-06T08:00:00.123456Z");

    @Test
    void theHashIsAStableSha256OfTheCanonicalContent() {
        String h = EventChain.hash(null, EVENT, INCIDENT, 1, "incident.reported", "analyst", AT, "{\"a\":1}");
        assertEquals(64, h.length());
        assertEquals(h, EventChain.hash(null, EVENT, INCIDENT, 1, "incident.reported", "analyst", AT, "{\"a\":1}"));
    }

    @Test
    void changingAnyFieldOrThePreviousHashChangesTheHash() {
        String h = EventChain.hash("p", EVENT, INCIDENT, 1, "incident.reported", "analyst", AT, "{\"a\":1}");
        assertNotEquals(h, EventChain.hash("q", EVENT, INCIDENT, 1, "incident.reported", "analyst", AT, "{\"a\":1}"));
        assertNotEquals(h, EventChain.hash("p", EVENT, INCIDENT, 2, "incident.reported", "analyst", AT, "{\"a\":1}"));
        assertNotEquals(h, EventChain.hash("p", EVENT, INCIDENT, 1, "incident.updated", "analyst", AT, "{\"a\":1}"));
        assertNotEquals(h, EventChain.hash("p", EVENT, INCIDENT, 1, "incident.reported", "mallory", AT, "{\"a\":1}"));
        assertNotEquals(h, EventChain.hash("p", EVENT, INCIDENT, 1, "incident.reported", "analyst", AT.plusNanos(1000),
                "{\"a\":1}"));
        assertNotEquals(h, EventChain.hash("p", EVENT, INCIDENT, 1, "incident.reported", "analyst", AT, "{\"a\":2}"));
    }

    @Test
    void shiftingTextBetweenNeighbouringFieldsDoesNotForgeTheSameHash() {
        assertNotEquals(EventChain.hash(null, EVENT, INCIDENT, 1, "incident.reported", "ab", AT, "c"),
                EventChain.hash(null, EVENT, INCIDENT, 1, "incident.reported", "a", AT, "bc"));
    }

    @Test
    void timeOrderedIdsSortByCreation() {
        UUID a = TimeOrderedUuid.next();
        UUID b = TimeOrderedUuid.next();
        assertEquals(7, a.version());
        org.junit.jupiter.api.Assertions.assertTrue(a.toString().substring(0, 8).compareTo(b.toString().substring(0, 8)) <= 0);
    }
}
