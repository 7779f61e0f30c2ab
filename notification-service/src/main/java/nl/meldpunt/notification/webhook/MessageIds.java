package nl.meldpunt.notification.webhook;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The {@code webhook-id} of a message: unique per subscription and event, and the same on every
 * attempt and redelivery, so a receiver can drop a message it has already processed.
 */
final class MessageIds {

    private MessageIds() {
    }

    static String of(UUID subscriptionId, UUID eventId) {
        return "msg_" + UUID.nameUUIDFromBytes((subscriptionId + "/" + eventId).getBytes(StandardCharsets.UTF_8));
    }

    /** A test ping is a message of its own. */
    static String ping() {
        return "msg_" + UUID.randomUUID();
    }
}
