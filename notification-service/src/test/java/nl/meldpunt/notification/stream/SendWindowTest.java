package nl.meldpunt.notification.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class SendWindowTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aStreamStopsWritingWhenItsBufferHoldsAsManyMessagesAsItMay() {
        SendWindow w = new SendWindow(2, Duration.ofSeconds(10));
        assertTrue(w.hasRoom());
        w.written(T0);
        w.written(T0);
        assertFalse(w.hasRoom());
        w.taken();
        assertTrue(w.hasRoom());
        assertEquals(1, w.inFlight());
    }

    @Test
    void aClientIsTooSlowOnlyWhenItsBufferStaysFullForTheWholeGrace() {
        SendWindow w = new SendWindow(1, Duration.ofSeconds(10));
        w.written(T0);
        assertFalse(w.tooSlow(T0.plusSeconds(9)));
        assertTrue(w.tooSlow(T0.plusSeconds(10)));
    }

    @Test
    void readingAMessageRestartsTheGrace() {
        SendWindow w = new SendWindow(1, Duration.ofSeconds(10));
        w.written(T0);
        w.taken();
        w.written(T0.plusSeconds(8));
        assertFalse(w.tooSlow(T0.plusSeconds(12)));
        assertTrue(w.tooSlow(T0.plusSeconds(18)));
    }

    @Test
    void aBufferHoldsAtLeastOneMessage() {
        assertThrows(IllegalArgumentException.class, () -> new SendWindow(0, Duration.ofSeconds(1)));
    }
}
