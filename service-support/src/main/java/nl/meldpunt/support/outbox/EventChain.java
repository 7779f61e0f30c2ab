package nl.meldpunt.support.outbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The hash chain over an aggregate's events. Each row's hash covers the previous row's hash
 * and the row's own canonical content, so changing, deleting or reordering a row breaks every
 * hash after it. Plain Java, so the rule is testable on its own.
 */
public final class EventChain {

    private EventChain() {
    }

    public static String hash(String prevHash, UUID eventId, UUID aggregateId, long sequence, String eventType,
            String actor, Instant occurredAt, String data) {
        // Length-prefixed fields: no value can be shifted into its neighbour to forge the same input.
        StringBuilder canonical = new StringBuilder();
        for (String field : new String[] {prevHash == null ? "" : prevHash, eventId.toString(), aggregateId.toString(),
                Long.toString(sequence), eventType, actor, occurredAt.toString(), data}) {
            canonical.append(field.length()).append(':').append(field).append('\n');
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hashOf(LoggedEvent e, String prevHash) {
        return hash(prevHash, e.eventId(), e.aggregateId(), e.sequence(), e.eventType(), e.actor(), e.occurredAt(), e.data());
    }
}
