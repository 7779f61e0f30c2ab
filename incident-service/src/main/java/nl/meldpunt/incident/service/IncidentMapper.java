package nl.meldpunt.incident.service;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.IncidentStatus;
import nl.meldpunt.contract.Reporter;
import nl.meldpunt.incident.domain.Incident;
import nl.meldpunt.incident.domain.IncidentDetails;
import nl.meldpunt.incident.persistence.StoredIncident;

/** Between the domain's {@link Incident} and its row. */
@ApplicationScoped
public class IncidentMapper {

    @Inject
    ObjectMapper json;

    public Incident toDomain(StoredIncident row) {
        try {
            IncidentDetails details = json.readValue(row.details, IncidentDetails.class);
            return new Incident(row.id, row.reference, new Reporter(row.reportedBySubject, row.reportedByOrg), row.reportedAt,
                    details, authorities(row.requiredAuthorities), IncidentStatus.valueOf(row.status), row.version,
                    row.updatedAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored incident " + row.id + " is unreadable", e);
        }
    }

    public void copy(Incident incident, StoredIncident row) {
        IncidentDetails d = incident.details();
        row.id = incident.id();
        row.reference = incident.reference();
        row.status = incident.status().name();
        row.severity = d.severity().name();
        row.tlp = d.tlp().name();
        row.title = d.title();
        row.organisationName = d.affectedOrganization().name();
        row.organisationKind = d.affectedOrganization().kind().name();
        row.requiredAuthorities = incident.requiredAuthorities().stream().map(Enum::name).sorted()
                .collect(Collectors.joining(","));
        try {
            row.details = json.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        row.reportedBySubject = incident.reportedBy().subject();
        row.reportedByOrg = incident.reportedBy().organisation();
        row.reportedAt = incident.reportedAt();
        row.updatedAt = incident.updatedAt();
        row.version = incident.version();
    }

    static Set<Authority> authorities(String csv) {
        if (csv == null || csv.isBlank()) {
            return EnumSet.noneOf(Authority.class);
        }
        return Arrays.stream(csv.split(",")).map(Authority::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Authority.class)));
    }
}
