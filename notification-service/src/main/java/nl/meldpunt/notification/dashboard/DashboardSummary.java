package nl.meldpunt.notification.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import nl.meldpunt.contract.IncidentSnapshot;
import nl.meldpunt.contract.ObligationKind;
import nl.meldpunt.contract.ObligationState;

/**
 * What a dashboard starts from: open incidents and the obligations whose clocks matter now, as
 * the reader rule lets the caller see them, and the stream position this reflects. Every event up
 * to {@code position} is reflected; some later ones may be too, and they carry whole snapshots
 * with versions, so applying them again changes nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DashboardSummary(long position, Instant generatedAt, Duration dueSoonLead, Incidents incidents,
        List<DueObligation> dueSoon, List<DueObligation> overdue) {

    /** Open incidents (not CLOSED or REJECTED) the caller may know of, counted and listed. */
    public record Incidents(int open, Map<String, Integer> byStatus, Map<String, Integer> bySeverity, List<IncidentSnapshot> items) {
    }

    /** An obligation's clock: no names beyond what the reader rule shows. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DueObligation(UUID id, UUID incidentId, String incidentReference, ObligationKind kind, String recipient,
            ObligationState state, String legalBasis, Instant dueAt) {
    }
}
