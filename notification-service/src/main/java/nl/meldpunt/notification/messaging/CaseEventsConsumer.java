package nl.meldpunt.notification.messaging;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.smallrye.common.annotation.Blocking;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.IncidentEventData;
import nl.meldpunt.contract.IncidentSnapshot;
import nl.meldpunt.contract.InvestigationEventData;
import nl.meldpunt.contract.InvestigationSnapshot;
import nl.meldpunt.contract.ObligationEventData;
import nl.meldpunt.contract.Topic;
import nl.meldpunt.notification.service.CaseEventService;
import nl.meldpunt.support.inbox.EventReceiver;
import nl.meldpunt.support.inbox.IncomingEvent;
import nl.meldpunt.support.inbox.IncomingEvent.PoisonEvent;

/**
 * Follows the case on {@code incident-events} and {@code investigation-events}, in the shape
 * every Meldpunt consumer has (see {@link EventReceiver}). Every {@code incident.*} event
 * re-evaluates the incident's obligations, because personal data or a controller can be
 * discovered late; every {@code investigation.*} event records which authority investigates.
 * It also reads its own {@code notification-events} back. Every incident, investigation and
 * obligation event is then kept and relayed to webhooks and streams ({@code CaseEventLog}).
 * Records arrive in batches (one poll) and each batch is applied in one transaction
 * ({@link EventReceiver#receiveBatch}): a passing failure is retried with a fresh transaction; a
 * record that can never be applied goes alone to this group's dead-letter topic
 * ({@code notification-service.<topic>.dlq}).
 */
@ApplicationScoped
public class CaseEventsConsumer {

    @Inject
    EventReceiver receiver;

    @Inject
    CaseEventService cases;

    @Inject
    EntityManager em;

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
    public void incidentEvents(ConsumerRecords<String, String> records) {
        receiver.receiveBatch("incident-events", records, Topic.INCIDENT_EVENTS, event -> {
            IncidentEventData data = incident(event);
            return () -> applied(() -> cases.apply(event, data));
        });
    }

    @Incoming("investigation-events")
    @Blocking
    public void investigationEvents(ConsumerRecords<String, String> records) {
        receiver.receiveBatch("investigation-events", records, Topic.INVESTIGATION_EVENTS, event -> {
            InvestigationEventData data = investigation(event);
            return () -> applied(() -> cases.apply(event, data));
        });
    }

    @Incoming("notification-events")
    @Blocking
    public void notificationEvents(ConsumerRecords<String, String> records) {
        receiver.receiveBatch("notification-events", records, Topic.NOTIFICATION_EVENTS, event -> {
            ObligationEventData data = obligation(event);
            return () -> applied(() -> cases.apply(event, data));
        });
    }

    /**
     * Applies one event of a batch and then writes out and forgets what it loaded, so the next
     * event of the batch starts from an empty persistence context: Hibernate checks every managed
     * entity before each query, which would otherwise grow with the batch.
     */
    private void applied(Runnable apply) {
        apply.run();
        em.flush();
        em.clear();
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
