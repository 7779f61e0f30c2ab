package nl.meldpunt.incident.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.common.annotation.Blocking;
import nl.meldpunt.contract.InvestigationEventData;
import nl.meldpunt.incident.service.IncidentService;
import nl.meldpunt.support.inbox.Inbox;
import nl.meldpunt.support.inbox.IncomingEvent;

/**
 * Follows the investigations on {@code investigation-events}. The inbox makes redelivery and
 * replay harmless; a record that cannot be applied is nacked and goes to the dead-letter topic
 * {@code investigation-events-dlq}, so the partition keeps flowing.
 */
@ApplicationScoped
public class InvestigationEventsConsumer {

    private static final Logger LOG = Logger.getLogger(InvestigationEventsConsumer.class);

    @Inject
    Inbox inbox;

    @Inject
    IncidentService incidents;

    @Inject
    ObjectMapper json;

    @Incoming("investigation-events")
    @Blocking
    @Transactional
    public void consume(ConsumerRecord<String, String> record) throws JsonProcessingException {
        IncomingEvent event = IncomingEvent.from(record);
        if (!inbox.firstDelivery(event)) {
            LOG.debugf("skipping duplicate %s %s", event.type().eventName(), event.id());
            return;
        }
        // Producers may add fields (the contract's evolution rule), so unknown fields are ignored here.
        InvestigationEventData data = json.readerFor(InvestigationEventData.class)
                .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(event.data());
        if (data.investigation() == null || data.investigation().id() == null || data.investigation().authority() == null) {
            throw new IncomingEvent.PoisonEvent("event " + event.id() + " carries no investigation");
        }
        switch (event.type()) {
            case INVESTIGATION_OPENED -> incidents.investigationOpened(event.subject(), data.investigation().id(),
                    data.investigation().authority(), data.actor());
            case INVESTIGATION_CONCLUDED -> incidents.investigationConcluded(event.subject(), data.investigation().id(),
                    data.actor());
            default -> {
                // assignments and findings do not change the incident
            }
        }
    }
}
