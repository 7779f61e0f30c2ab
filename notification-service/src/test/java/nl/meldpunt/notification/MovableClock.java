package nl.meldpunt.notification;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.inject.Singleton;

/** Replaces the system clock in tests: a test sets the time instead of waiting for it. */
@Singleton
public class MovableClock extends Clock {

    private volatile Instant now = Instant.parse("2025-07-06T09:00:00Z");

    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(now, zone);
    }
}
