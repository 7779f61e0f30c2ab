package nl.meldpunt.notification.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.notification.domain.webhook.DeliveryOutcome;
import nl.meldpunt.notification.service.WebhookSender;

/**
 * {@code POST /subscriptions/{id}/test}: one signed ping, sent at once and recorded in the delivery
 * log, so a subscriber can check their receiver and signature check before a real event comes.
 */
@ApplicationScoped
public class WebhookPing {

    /** The ping's type, outside the event catalogue: no case event has it. */
    public static final String TYPE = "webhook.ping";

    private final Clock wallClock = Clock.systemUTC();

    @Inject
    WebhookSender sender;

    @Inject
    DeliveryQueue queue;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "meldpunt.outbox.source")
    String source;

    public DeliveryOutcome ping(StoredSubscription s) {
        Instant now = wallClock.instant();
        String messageId = MessageIds.ping();
        ObjectNode ce = json.createObjectNode();
        ce.put("specversion", CloudEventHeaders.SPEC_VERSION_VALUE);
        ce.put("id", UUID.randomUUID().toString());
        ce.put("source", source);
        ce.put("type", "nl.meldpunt." + TYPE + ".v1");
        ce.put("subject", s.id.toString());
        ce.put("time", now.toString());
        ce.put("datacontenttype", CloudEventHeaders.JSON);
        ce.putObject("data").put("subscriptionId", s.id.toString())
                .put("message", "A test message from Meldpunt: your receiver is reachable and can check the signature.");
        byte[] body;
        try {
            body = json.writeValueAsString(ce).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        DeliveryOutcome outcome = sender.send(s.url, Subscriptions.secrets(s.secret, s.previousSecret, s.previousSecretUntil, now),
                messageId, now, body);
        queue.recordPing(s.id, messageId, outcome);
        return outcome;
    }
}
