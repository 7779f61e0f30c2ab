package nl.meldpunt.incident.domain;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import nl.meldpunt.contract.Category;
import nl.meldpunt.contract.ContactPoint;
import nl.meldpunt.contract.Controller;
import nl.meldpunt.contract.Indicator;
import nl.meldpunt.contract.Organization;
import nl.meldpunt.contract.PersonalData;
import nl.meldpunt.contract.Severity;
import nl.meldpunt.contract.Tlp;

/**
 * What an analyst states about an incident: the body of {@code POST /incidents} and the
 * fields {@code PATCH} may change. Status, version, reporter and authorities are not here:
 * they come from the lifecycle and the token, never from a request body.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentDetails(
        String title,
        String summary,
        Category category,
        Severity severity,
        Tlp tlp,
        Organization affectedOrganization,
        List<Controller> controllers,
        Instant detectedAt,
        Instant awareAt,
        PersonalData personalData,
        ContactPoint contactPoint,
        Long estimatedRecords,
        String likelyConsequences,
        String measuresTaken,
        Boolean suspectedMalicious,
        Boolean crossBorderImpact,
        List<Indicator> indicators,
        String rootCause,
        String mitigations) {

    public IncidentDetails withSeverity(Severity s) {
        return new IncidentDetails(title, summary, category, s, tlp, affectedOrganization, controllers, detectedAt, awareAt,
                personalData, contactPoint, estimatedRecords, likelyConsequences, measuresTaken, suspectedMalicious,
                crossBorderImpact, indicators, rootCause, mitigations);
    }
}
