package nl.meldpunt.investigation.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Finding;
import nl.meldpunt.contract.InvestigationSnapshot;
import nl.meldpunt.contract.InvestigationStatus;
import nl.meldpunt.contract.Outcome;

/**
 * An investigation as one reader may see it: the snapshot's fields plus the findings that reader
 * may read. Viewers get no findings; on AMBER incidents they get no free text either.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Investigation", description = "Every InvestigationSnapshot field plus the findings visible to the caller")
public record InvestigationView(
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
        long version,
        @Schema(description = "The caller's own authority's findings and every SHARED finding on the incident, oldest "
                + "first; the SHARED findings for analysts; absent for viewers") List<Finding> findings) {

    public static InvestigationView of(InvestigationSnapshot s, List<Finding> findings) {
        return new InvestigationView(s.id(), s.incidentId(), s.incidentReference(), s.authority(), s.status(), s.basis(),
                s.assignee(), s.openedAt(), s.assignedAt(), s.concludedAt(), s.outcome(), s.summary(), s.measures(),
                s.findingCount(), s.version(), findings);
    }

    /** TLP AMBER for viewers: where the investigation stands, without free text or people. */
    public static InvestigationView redacted(InvestigationSnapshot s) {
        return new InvestigationView(s.id(), s.incidentId(), s.incidentReference(), s.authority(), s.status(), null, null,
                s.openedAt(), s.assignedAt(), s.concludedAt(), s.outcome(), null, null, s.findingCount(), s.version(), null);
    }
}
