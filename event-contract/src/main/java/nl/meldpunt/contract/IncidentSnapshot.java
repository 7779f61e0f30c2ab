package nl.meldpunt.contract;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The whole state of an incident, carried by every {@code incident.*} event and by the REST API. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentSnapshot(
        UUID id,
        String reference,
        String title,
        String summary,
        Category category,
        Severity severity,
        Tlp tlp,
        Organization affectedOrganization,
        List<Controller> controllers,
        Reporter reportedBy,
        Instant detectedAt,
        Instant awareAt,
        Instant reportedAt,
        PersonalData personalData,
        ContactPoint contactPoint,
        Long estimatedRecords,
        String likelyConsequences,
        String measuresTaken,
        Boolean suspectedMalicious,
        Boolean crossBorderImpact,
        List<Indicator> indicators,
        String rootCause,
        String mitigations,
        Set<Authority> requiredAuthorities,
        IncidentStatus status,
        long version,
        Instant updatedAt) {
}
