package nl.meldpunt.notification.events;

import java.util.Optional;
import java.util.UUID;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.IncidentEventData;
import nl.meldpunt.contract.InvestigationEventData;
import nl.meldpunt.contract.ObligationEventData;
import nl.meldpunt.support.inbox.IncomingEvent;

/**
 * One event of a case as notification-service relays it to webhooks and streams: the CloudEvent
 * as consumed, with its data read into the contract's type. The data is unfiltered; every reader
 * gets it through the reader rule ({@link EventReading}), at the moment it is sent.
 *
 * <p>{@link CaseEventLog} hands kept events to webhooks and streams as {@link CaseEvents}.
 *
 * @param data an {@link IncidentEventData}, {@link InvestigationEventData} or {@link ObligationEventData}
 */
public record CaseEvent(IncomingEvent event, UUID incidentId, Object data) {

    public CaseEvent {
        if (!(data instanceof IncidentEventData || data instanceof InvestigationEventData
                || data instanceof ObligationEventData)) {
            throw new IllegalArgumentException("not the data of a case event: " + data);
        }
    }

    /** The short type name, e.g. {@code incident.triaged}. */
    public String typeName() {
        return event.type().eventName();
    }

    /** The authority an {@code investigation.*} event is about; empty for other events. */
    public Optional<Authority> investigationAuthority() {
        return data instanceof InvestigationEventData d ? Optional.ofNullable(d.investigation().authority()) : Optional.empty();
    }
}
