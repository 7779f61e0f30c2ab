package nl.meldpunt.incident.messaging;

import java.io.IOException;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.smallrye.common.annotation.Blocking;
import nl.meldpunt.contract.InvestigationEventData;
import nl.meldpunt.contract.Topic;
import nl.meldpunt.incident.service.IncidentService;
import nl.meldpunt.support.inbox.IncomingEvent;
import nl.meldpunt.support.inbox.IncomingEvent.PoisonEvent;

/**
 * Follows the investigations on {@code investigation-events}. The inbox (in the same transaction
 * as the effect) makes redelivery and replay harmless. A passing failure, such as a database
 * hiccup, is retried with a fresh transaction; a record that keeps failing, or can never be
 * applied, is nacked and parked on {@code investigation-events-dlq}, so the partition flows on.
 */
@ApplicationScoped
public class InvestigationEventsConsumer {

    @Inject
    IncidentService incidents;

    @Inject
    ObjectMapper json;

    private ObjectReader reader;

    @PostConstruct
    void tolerateNewFields() {
        // Producers may add fields (the contract's evolution rule), so unknown fields are ignored here.
        reader = json.readerFor(InvestigationEventData.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Incoming("investigation-events")
    @Blocking
    @Retry(maxRetries = 4, delay = 250, jitter = 100,
            abortOn = {PoisonEvent.class, IncidentService.UnknownIncident.class})
    public void consume(ConsumerRecord<String, String> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (event.type().topic() != Topic.INVESTIGATION_EVENTS) {
            throw new PoisonEvent(event.type().ceType() + " does not belong on " + Topic.INVESTIGATION_EVENTS.topicName());
        }
        InvestigationEventData data;
        try {
            data = reader.readValue(event.data());
        } catch (IOException e) {
            throw new PoisonEvent("event " + event.id() + " has unreadable data: " + e.getMessage());
        }
        if (data.investigation() == null || data.investigation().id() == null || data.investigation().authority() == null) {
            throw new PoisonEvent("event " + event.id() + " carries no investigation");
        }
        incidents.apply(event, data);
    }
}
