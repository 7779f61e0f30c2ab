package nl.meldpunt.notification.stream;

import nl.meldpunt.notification.events.CaseEvent;

/** A case event at its position in the stream feed. */
public record FeedEntry(long position, CaseEvent event) {
}
