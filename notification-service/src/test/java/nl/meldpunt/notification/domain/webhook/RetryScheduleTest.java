package nl.meldpunt.notification.domain.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    @Test
    void theDefaultScheduleIsEightAttemptsFromAtOnceToTenHours() {
        RetrySchedule s = RetrySchedule.parse(RetrySchedule.DEFAULT, 0);
        assertEquals(List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10)), s.waits());
        assertEquals(8, s.attempts());
    }

    @Test
    void afterTheLastAttemptTheDeliveryIsGivenUp() {
        RetrySchedule s = RetrySchedule.parse("0s,5s", 0.2);
        SplittableRandom random = new SplittableRandom(1);
        assertEquals(Optional.of(Duration.ZERO), s.waitBefore(1, random));
        assertTrue(s.waitBefore(2, random).isPresent());
        assertEquals(Optional.empty(), s.waitBefore(3, random));
        assertEquals(Optional.empty(), s.waitBefore(0, random));
    }

    @Test
    void jitterSpreadsEveryWaitWithinItsBoundsAndActuallySpreadsThem() {
        RetrySchedule s = RetrySchedule.parse("5m", 0.2);
        SplittableRandom random = new SplittableRandom(42);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 1000; i++) {
            long ms = s.waitBefore(1, random).orElseThrow().toMillis();
            assertTrue(ms >= 240_000 && ms <= 360_000, ms + " ms is outside 5 min ± 20%");
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        assertTrue(max - min > 60_000, "1000 draws should spread over more than a minute, got " + (max - min) + " ms");
    }

    @Test
    void aScheduleThatCannotBeReadIsRefusedNamingThePart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RetrySchedule.parse("5s,soon", 0));
        assertTrue(e.getMessage().contains("soon"));
        assertThrows(IllegalArgumentException.class, () -> RetrySchedule.parse("5s", 1.0));
    }
}
