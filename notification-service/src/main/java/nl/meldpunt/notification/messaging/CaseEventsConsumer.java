package nl.meldpunt.notification.messaging;

import java.io.IOException;

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
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.IncidentEventData;
import nl.meldpunt.contract.IncidentSnapshot;
import nl.meldpunt.contract.InvestigationEventData;
import nl.meldpunt.contract.InvestigationSnapshot;
import nl.meldpunt.contract.ObligationEventData;
import nl.meldpunt.contract.Topic;
import nl.meldpunt.notification.service.CaseEventService;
import nl.meldpunt.support.inbox.EventReceiver;
import nl.meldpunt.support.inbox.EventReceiver.ServiceStopping;
import nl.meldpunt.support.inbox.IncomingEvent;
import nl.meldpunt.support.inbox.IncomingEvent.PoisonEvent;

/**
 * Follows the case on {@code incident-events} and {@code investigation-events}, in the shape
 * every Meldpunt consumer has (see {@link EventReceiver}). Every {@code incident.*} event
 * re-evaluates the incident's obligations, because personal data or a controller can be
 * discovered late; every {@code investigation.*} event records which authority investigates.
 * It also reads its own {@code notification-events} back. Every incident, investigation and
 * obligation event is then kept and relayed to webhooks and streams ({@code CaseEventLog}).
 * A passing failure is retried with a fresh transaction; a record that can never be applied goes
 * to this group's dead-letter topic ({@code notification-service.<topic>.dlq}).
 */
@ApplicationScoped
public class CaseEventsConsumer {

    @Inject
    EventReceiver receiver;

    @Inject
    CaseEventService cases;

    private final ObjectReader incidentEvents;
    private final ObjectReader investigationEvents;
    private final ObjectReader obligationEvents;

    @Inject
    CaseEventsConsumer(ObjectMapper json) {
        // Events evolve by adding fields (docs/design.md "Evolution"): a consumer tolerates fields it does not know.
        ObjectMapper lenient = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.incidentEvents = lenient.readerFor(IncidentEventData.class);
        this.investigationEvents = lenient.readerFor(InvestigationEventData.class);
        this.obligationEvents = lenient.readerFor(ObligationEventData.class);
    }

    @Incoming("incident-events")
    @Blocking
    @Retry(maxRetries = 8, delay = 250, jitter = 100, maxDuration = 60_000,
            abortOn = {PoisonEvent.class, ServiceStopping.class})
    @ExponentialBackoff(maxDelay = 8_000)
    public void incidentEvent(ConsumerRecord<String, String> record) {
        receiver.receive(record, Topic.INCIDENT_EVENTS, event -> cases.apply(event, incident(event)));
    }

    @Incoming("investigation-events")
    @Blocking
    @Retry(maxRetries = 8, delay = 250, jitter = 100, maxDuration = 60_000,
            abortOn = {PoisonEvent.class, ServiceStopping.class})
    @ExponentialBackoff(maxDelay = 8_000)
    public void investigationEvent(ConsumerRecord<String, String> record) {
        receiver.receive(record, Topic.INVESTIGATION_EVENTS, event -> cases.apply(event, investigation(event)));
    }

    @Incoming("notification-events")
    @Blocking
    @Retry(maxRetries = 8, delay = 250, jitter = 100, maxDuration = 60_000,
            abortOn = {PoisonEvent.class, ServiceStopping.class})
    @ExponentialBackoff(maxDelay = 8_000)
    public void notificationEvent(ConsumerRecord<String, String> record) {
        receiver.receive(record, Topic.NOTIFICATION_EVENTS, event -> cases.apply(event, obligation(event)));
    }

    private IncidentEventData incident(IncomingEvent event) {
        IncidentEventData data;
        try {
            data = incidentEvents.readValue(event.data());
        } catch (IOException e) {
            throw new PoisonEvent("event " + event.id() + " has unreadable incident data: " + e.getMessage());
        }
        IncidentSnapshot incident = data.incident();
        if (incident == null || incident.id() == null || incident.tlp() == null || incident.reference() == null) {
            throw new PoisonEvent("event " + event.id() + " carries no incident snapshot");
        }
        if (!incident.id().equals(event.subject())) {
            throw new PoisonEvent("event " + event.id() + " is about incident " + event.subject()
                    + " but carries the snapshot of " + incident.id());
        }
        return data;
    }

    private InvestigationEventData investigation(IncomingEvent event) {
        InvestigationEventData data;
        try {
            data = investigationEvents.readValue(event.data());
        } catch (IOException e) {
            throw new PoisonEvent("event " + event.id() + " has unreadable investigation data: " + e.getMessage());
        }
        InvestigationSnapshot investigation = data.investigation();
        if (investigation == null || investigation.id() == null || investigation.incidentId() == null
                || investigation.authority() == null || investigation.status() == null) {
            throw new PoisonEvent("event " + event.id() + " carries no investigation");
        }
        return data;
    }

    /** The data of an {@code obligation.*} event; null for {@code subscription.disabled}, which is not relayed. */
    private ObligationEventData obligation(IncomingEvent event) {
        if (event.type() == EventType.SUBSCRIPTION_DISABLED) {
            return null;
        }
        ObligationEventData data;
        try {
            data = obligationEvents.readValue(event.data());
        } catch (IOException e) {
            throw new PoisonEvent("event " + event.id() + " has unreadable obligation data: " + e.getMessage());
        }
        if (data.obligation() == null || data.obligation().incidentId() == null) {
            throw new PoisonEvent("event " + event.id() + " carries no obligation");
        }
        if (!data.obligation().incidentId().equals(event.subject())) {
            throw new PoisonEvent("event " + event.id() + " is about incident " + event.subject()
                    + " but carries an obligation of " + data.obligation().incidentId());
        }
        return data;
    }
}
