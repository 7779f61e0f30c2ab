package nl.meldpunt.notification.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import nl.meldpunt.contract.ObligationKind;

/**
 * An obligation the rules require for the incident as it is now known. {@code clockStartedAt}
 * and {@code dueAt} are null while the owing party's awareness is unknown (WAITING).
 * {@code because} says, for people, why the rule applies.
 */
public record Requirement(ObligationKind kind, String party, String recipient, String legalBasis, Instant clockStartedAt,
        Instant dueAt, String because) {

    /**
     * Name-based (version 3) UUID of incident, kind, party and recipient: re-evaluating the same
     * facts, on any instance and after any replay, finds the same obligation again.
     */
    public static UUID obligationId(UUID incidentId, ObligationKind kind, String party, String recipient) {
        String key = incidentId + "|" + kind.name() + "|" + party + "|" + recipient;
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }

    public UUID obligationId(UUID incidentId) {
        return obligationId(incidentId, kind, party, recipient);
    }
}
