package nl.meldpunt.notification.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import nl.meldpunt.contract.IncidentEventData;
import nl.meldpunt.contract.InvestigationEventData;
import nl.meldpunt.contract.ObligationEventData;
import nl.meldpunt.notification.events.CaseEvent;
import nl.meldpunt.notification.events.CaseEventLog;
import nl.meldpunt.support.inbox.Inbox;
import nl.meldpunt.support.inbox.IncomingEvent;

/**
 * Applies one consumed event: the inbox record and its effect commit together, in a transaction
 * of their own. The consumer retries a passing failure by calling again, so every attempt gets
 * a fresh transaction and a redelivery after commit changes nothing.
 */
@ApplicationScoped
public class CaseEventService {

    private static final Logger LOG = Logger.getLogger(CaseEventService.class);

    @Inject
    Inbox inbox;

    @Inject
    ObligationService obligations;

    @Inject
    Investigations investigations;

    @Inject
    CaseEventLog relay;

    /** {@code incident.*}: re-evaluates the incident's obligations, then relays the event. */
    @Transactional
    public void apply(IncomingEvent event, IncidentEventData data) {
        if (firstDelivery(event)) {
            obligations.incidentChanged(event.type(), data.incident());
            relay.keepAndRelay(new CaseEvent(event, data.incident().id(), data));
        }
    }

    /** {@code investigation.*}: records which authority investigates, then relays the event. */
    @Transactional
    public void apply(IncomingEvent event, InvestigationEventData data) {
        if (firstDelivery(event)) {
            investigations.record(data.investigation());
            relay.keepAndRelay(new CaseEvent(event, data.investigation().incidentId(), data));
        }
    }

    /**
     * {@code obligation.*}, read back from this service's own topic: relayed to webhooks and
     * streams in the order of the topic. {@code subscription.disabled} is only recorded.
     */
    @Transactional
    public void apply(IncomingEvent event, ObligationEventData data) {
        if (firstDelivery(event) && data != null) {
            relay.keepAndRelay(new CaseEvent(event, data.obligation().incidentId(), data));
        }
    }

    private boolean firstDelivery(IncomingEvent event) {
        if (inbox.firstDelivery(event)) {
            return true;
        }
        LOG.debugf("skipping duplicate %s %s", event.type().eventName(), event.id());
        return false;
    }
}
