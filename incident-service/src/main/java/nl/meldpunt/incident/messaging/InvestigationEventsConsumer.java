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
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import nl.meldpunt.contract.InvestigationEventData;
import nl.meldpunt.contract.Topic;
import nl.meldpunt.incident.service.IncidentService;
import nl.meldpunt.support.inbox.EventReceiver;
import nl.meldpunt.support.inbox.EventReceiver.ServiceStopping;
import nl.meldpunt.support.inbox.IncomingEvent;
import nl.meldpunt.support.inbox.IncomingEvent.PoisonEvent;

/**
 * Follows the investigations on {@code investigation-events}, in the shape every Meldpunt
 * consumer has (see {@link EventReceiver}): a passing failure, such as a database hiccup, is
 * retried with a fresh transaction; a record that can never be applied is parked on
 * {@code incident-service.investigation-events.dlq}; an unknown event type is skipped and counted.
 */
@ApplicationScoped
public class InvestigationEventsConsumer {

    @Inject
    EventReceiver receiver;

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
    @Retry(maxRetries = 8, delay = 250, jitter = 100, maxDuration = 60_000,
            abortOn = {PoisonEvent.class, ServiceStopping.class, IncidentService.UnknownIncident.class})
    @ExponentialBackoff(maxDelay = 8_000)
    public void consume(ConsumerRecord<String, String> record) {
        receiver.receive(record, Topic.INVESTIGATION_EVENTS, event -> incidents.apply(event, read(event)));
    }

    private InvestigationEventData read(IncomingEvent event) {
        InvestigationEventData data;
        try {
            data = reader.readValue(event.data());
        } catch (IOException e) {
            throw new PoisonEvent("event " + event.id() + " has unreadable data: " + e.getMessage());
        }
        if (data.investigation() == null || data.investigation().id() == null || data.investigation().authority() == null) {
            throw new PoisonEvent("event " + event.id() + " carries no investigation");
        }
        return data;
    }
}
