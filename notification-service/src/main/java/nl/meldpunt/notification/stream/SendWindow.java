package nl.meldpunt.notification.stream;

import java.time.Duration;
import java.time.Instant;

/**
 * The bounded buffer of one stream: how many written messages the network has not taken yet. A
 * stream stops writing when it is full; if it stays full for the grace period the client is too
 * slow and the stream is closed, so a stalled client never holds more than {@code capacity}
 * messages of this instance's memory. Plain Java; the stream calls it under its own ordering.
 */
public final class SendWindow {

    private final int capacity;
    private final Duration grace;
    private int inFlight;
    private Instant fullSince;

    public SendWindow(int capacity, Duration grace) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a stream buffer holds at least one message");
        }
        this.capacity = capacity;
        this.grace = grace;
    }

    public synchronized boolean hasRoom() {
        return inFlight < capacity;
    }

    /** A message was handed to the network. */
    public synchronized void written(Instant now) {
        inFlight++;
        if (inFlight >= capacity && fullSince == null) {
            fullSince = now;
        }
    }

    /** The network took a message. */
    public synchronized void taken() {
        inFlight--;
        if (inFlight < capacity) {
            fullSince = null;
        }
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    /** Whether the buffer has been full for longer than the grace period. */
    public synchronized boolean tooSlow(Instant now) {
        return fullSince != null && !now.isBefore(fullSince.plus(grace));
    }
}
