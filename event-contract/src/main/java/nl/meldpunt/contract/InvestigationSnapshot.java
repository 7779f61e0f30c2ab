package nl.meldpunt.contract;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The state of one authority's investigation into one incident. Findings are not part of the
 * snapshot: each travels in its own {@code investigation.finding-recorded} event with its visibility.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvestigationSnapshot(
        UUID id,
        UUID incidentId,
        String incidentReference,
        Authority authority,
        InvestigationStatus status,
        String basis,
        String assignee,
        Instant openedAt,
        Instant assignedAt,
        Instant concludedAt,
        Outcome outcome,
        String summary,
        List<String> measures,
        int findingCount,
        long version) {
}
