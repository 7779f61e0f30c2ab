package nl.meldpunt.investigation.messaging;

import java.io.IOException;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.smallrye.common.annotation.Blocking;
import nl.meldpunt.contract.InvestigationSnapshot;
import nl.meldpunt.contract.Topic;
import nl.meldpunt.investigation.domain.IncidentFacts;
import nl.meldpunt.investigation.service.InvestigationService;
import nl.meldpunt.support.inbox.EventReceiver;
import nl.meldpunt.support.inbox.IncomingEvent;
import nl.meldpunt.support.inbox.IncomingEvent.PoisonEvent;

/**
 * Follows the incidents on {@code incident-events}: keeps the incident facts this service needs
 * and opens the investigations that triage requires, in the shape every Meldpunt consumer has
 * (see {@link EventReceiver}). A record that is not a Meldpunt incident event is poison and goes
 * straight to {@code investigation-service.incident-events.dlq}; any other failure is retried
 * first, since a passing database hiccup must not dead-letter a triage (docs/design.md "Guarantees").
 * Records arrive in batches (one poll), each applied in one transaction ({@link EventReceiver#receiveBatch}).
 */
@ApplicationScoped
public class IncidentEventsConsumer {

    private static final Logger LOG = Logger.getLogger(IncidentEventsConsumer.class);

    @Inject
    EventReceiver receiver;

    @Inject
    InvestigationService investigations;

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager em;

    private ObjectReader incidentFacts;

    @PostConstruct
    void tolerateNewFields() {
        // Tolerant reader: docs/design.md "Evolution" adds fields, and this service reads only the few it needs.
        incidentFacts = json.readerFor(IncidentFacts.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Incoming("incident-events")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        receiver.receiveBatch("incident-events", records, Topic.INCIDENT_EVENTS, event -> {
            IncidentFacts facts = read(event);
            return () -> {
                List<InvestigationSnapshot> opened = investigations.apply(event, facts);
                opened.forEach(i -> LOG.infof("opened %s investigation %s into %s", i.authority(), i.id(), i.incidentReference()));
                // The next event of the batch starts from an empty persistence context (EventReceiver.receiveBatch).
                em.flush();
                em.clear();
            };
        });
    }

    private IncidentFacts read(IncomingEvent event) {
        IncidentFacts facts;
        try {
            JsonNode incident = incidentFacts.readTree(event.data()).get("incident");
            if (incident == null || !incident.isObject()) {
                throw new PoisonEvent("event " + event.id() + " carries no incident");
            }
            facts = incidentFacts.readValue(incident);
        } catch (IOException | IllegalArgumentException e) {
            throw new PoisonEvent("event " + event.id() + " has unreadable incident data: " + e.getMessage());
        }
        if (facts.id() == null || facts.reference() == null || facts.tlp() == null || facts.status() == null) {
            throw new PoisonEvent("event " + event.id() + " lacks the incident's id, reference, tlp or status");
        }
        if (!facts.id().equals(event.subject())) {
            throw new PoisonEvent("event " + event.id() + " is about incident " + facts.id() + " but its ce_subject is "
                    + event.subject());
        }
        return facts;
    }
}
