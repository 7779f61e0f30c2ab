package nl.meldpunt.notification.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import nl.meldpunt.contract.IncidentSnapshot;
import nl.meldpunt.contract.InvestigationSnapshot;
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

    /** {@code incident.*}: re-evaluates the incident's obligations. */
    @Transactional
    public void apply(IncomingEvent event, IncidentSnapshot incident) {
        if (firstDelivery(event)) {
            obligations.incidentChanged(event.type(), incident);
        }
    }

    /** {@code investigation.*}: records which authority investigates. */
    @Transactional
    public void apply(IncomingEvent event, InvestigationSnapshot investigation) {
        if (firstDelivery(event)) {
            investigations.record(investigation);
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
