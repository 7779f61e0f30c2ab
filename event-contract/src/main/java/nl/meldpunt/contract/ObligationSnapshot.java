package nl.meldpunt.contract;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One legal deadline owed by one party to one recipient, computed from that party's own awareness. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObligationSnapshot(
        UUID id,
        UUID incidentId,
        String incidentReference,
        ObligationKind kind,
        String party,
        String recipient,
        ObligationState state,
        String legalBasis,
        Instant clockStartedAt,
        Instant dueAt,
        Instant fulfilledAt,
        String submissionReference,
        String delayReason,
        String waiveJustification,
        long version) {
}
