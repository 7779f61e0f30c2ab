package nl.meldpunt.notification.events;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.contract.IncidentEventData;
import nl.meldpunt.contract.InvestigationEventData;
import nl.meldpunt.contract.ObligationEventData;
import nl.meldpunt.reader.Reader;
import nl.meldpunt.reader.Sight;
import nl.meldpunt.support.inbox.IncomingEvent;

/**
 * A case event as one reader may see it: the CloudEvent in structured JSON
 * ({@code application/cloudevents+json}) with its data passed through the reader rule. Webhook
 * deliveries and streams both read events here, so they cannot show a reader different things.
 */
@ApplicationScoped
public class EventReading {

    public static final String CONTENT_TYPE = "application/cloudevents+json";

    @Inject
    ObjectMapper json;

    /** The event for this reader, or empty when the case does not exist for them. */
    public Optional<ObjectNode> cloudEvent(Reader reader, CaseEvent event, CaseFacts facts) {
        Sight sight = facts.sight(reader);
        if (sight.hidden()) {
            return Optional.empty();
        }
        Optional<?> data;
        if (event.data() instanceof IncidentEventData d) {
            data = sight.incidentEvent(d);
        } else if (event.data() instanceof InvestigationEventData d) {
            data = sight.investigationEvent(d);
        } else {
            data = sight.obligationEvent((ObligationEventData) event.data());
        }
        return data.map(d -> structured(event.event(), d));
    }

    private ObjectNode structured(IncomingEvent e, Object data) {
        ObjectNode ce = json.createObjectNode();
        ce.put("specversion", CloudEventHeaders.SPEC_VERSION_VALUE);
        ce.put("id", e.id().toString());
        ce.put("source", e.source());
        ce.put("type", e.type().ceType());
        ce.put("subject", e.subject().toString());
        if (e.time() != null) {
            ce.put("time", e.time().toString());
        }
        ce.put("datacontenttype", CloudEventHeaders.JSON);
        // The sequence extension is a string in CloudEvents; it rises by one per incident and producer.
        ce.put("sequence", Long.toString(e.sequence()));
        if (e.traceparent() != null) {
            ce.put("traceparent", e.traceparent());
        }
        ce.set("data", json.valueToTree(data));
        return ce;
    }
}
