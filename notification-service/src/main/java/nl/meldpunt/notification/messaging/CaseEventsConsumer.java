package nl.meldpunt.notification.messaging;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.smallrye.common.annotation.Blocking;
import nl.meldpunt.contract.IncidentEventData;
import nl.meldpunt.contract.IncidentSnapshot;
import nl.meldpunt.contract.InvestigationEventData;
import nl.meldpunt.contract.InvestigationSnapshot;
import nl.meldpunt.notification.service.Investigations;
import nl.meldpunt.notification.service.ObligationService;
import nl.meldpunt.support.inbox.Inbox;
import nl.meldpunt.support.inbox.IncomingEvent;

/**
 * Follows the case on {@code incident-events} and {@code investigation-events}. Every
 * {@code incident.*} event re-evaluates the incident's obligations, because personal data or a
 * controller can be discovered late; every {@code investigation.*} event records which authority
 * investigates. The inbox makes redelivery and replay harmless; a record that cannot be applied
 * goes to the topic's dead-letter topic and the partition flows on.
 */
@ApplicationScoped
public class CaseEventsConsumer {

    private static final Logger LOG = Logger.getLogger(CaseEventsConsumer.class);

    @Inject
    Inbox inbox;

    @Inject
    ObligationService obligations;

    @Inject
    Investigations investigations;

    private final ObjectReader incidentEvents;
    private final ObjectReader investigationEvents;

    @Inject
    CaseEventsConsumer(ObjectMapper json) {
        // Events evolve by adding fields (DESIGN.md "Evolution"): a consumer tolerates fields it does not know.
        ObjectMapper lenient = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.incidentEvents = lenient.readerFor(IncidentEventData.class);
        this.investigationEvents = lenient.readerFor(InvestigationEventData.class);
    }

    @Incoming("incident-events")
    @Blocking
    @Transactional
    public void incidentEvent(ConsumerRecord<String, String> record) throws IOException {
        IncomingEvent event = IncomingEvent.from(record);
        if (duplicate(event)) {
            return;
        }
        IncidentSnapshot incident = incidentEvents.<IncidentEventData>readValue(event.data()).incident();
        if (incident == null || incident.id() == null || incident.tlp() == null || incident.reference() == null) {
            throw new IncomingEvent.PoisonEvent("event " + event.id() + " carries no incident snapshot");
        }
        if (!incident.id().equals(event.subject())) {
            throw new IncomingEvent.PoisonEvent("event " + event.id() + " is about incident " + event.subject()
                    + " but carries the snapshot of " + incident.id());
        }
        obligations.incidentChanged(event.type(), incident);
    }

    @Incoming("investigation-events")
    @Blocking
    @Transactional
    public void investigationEvent(ConsumerRecord<String, String> record) throws IOException {
        IncomingEvent event = IncomingEvent.from(record);
        if (duplicate(event)) {
            return;
        }
        InvestigationSnapshot investigation = investigationEvents.<InvestigationEventData>readValue(event.data()).investigation();
        if (investigation == null || investigation.id() == null || investigation.incidentId() == null
                || investigation.authority() == null || investigation.status() == null) {
            throw new IncomingEvent.PoisonEvent("event " + event.id() + " carries no investigation");
        }
        investigations.record(investigation);
    }

    private boolean duplicate(IncomingEvent event) {
        if (inbox.firstDelivery(event)) {
            return false;
        }
        LOG.debugf("skipping duplicate %s %s", event.type().eventName(), event.id());
        return true;
    }
}
