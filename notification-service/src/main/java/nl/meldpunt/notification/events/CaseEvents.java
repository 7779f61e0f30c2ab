package nl.meldpunt.notification.events;

import java.util.List;

/**
 * Case events just kept, in the order they were consumed: one event when a record is applied
 * alone, every case event of a poll when a consumer batch ends. CDI observers of this type run in
 * the consumer's transaction, after the inbox has recorded the events and {@link CaseEventLog} has
 * kept them: what they write commits with the inbox records or not at all.
 */
public record CaseEvents(List<CaseEvent> events) {

    public CaseEvents {
        events = List.copyOf(events);
    }
}
