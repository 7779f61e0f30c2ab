package nl.meldpunt.investigation.service;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Finding;
import nl.meldpunt.contract.IncidentStatus;
import nl.meldpunt.contract.InvestigationStatus;
import nl.meldpunt.contract.Outcome;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.contract.Visibility;
import nl.meldpunt.investigation.domain.IncidentFacts;
import nl.meldpunt.investigation.domain.Investigation;
import nl.meldpunt.investigation.persistence.StoredFinding;
import nl.meldpunt.investigation.persistence.StoredIncident;
import nl.meldpunt.investigation.persistence.StoredInvestigation;

/** Between the domain and its rows. */
@ApplicationScoped
public class InvestigationMapper {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    @Inject
    ObjectMapper json;

    public Investigation toDomain(StoredInvestigation row) {
        try {
            List<String> measures = row.measures == null ? null : json.readValue(row.measures, STRINGS);
            return new Investigation(row.id, row.incidentId, row.incidentReference, Authority.valueOf(row.authority),
                    row.basis, row.openedAt, InvestigationStatus.valueOf(row.status), row.assignee, row.assignedAt,
                    row.concludedAt, row.outcome == null ? null : Outcome.valueOf(row.outcome), row.summary, measures,
                    row.findingCount, row.version);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored investigation " + row.id + " is unreadable", e);
        }
    }

    public void copy(Investigation investigation, StoredInvestigation row) {
        row.id = investigation.id();
        row.incidentId = investigation.incidentId();
        row.incidentReference = investigation.incidentReference();
        row.authority = investigation.authority().name();
        row.status = investigation.status().name();
        row.basis = investigation.basis();
        row.assignee = investigation.assignee();
        row.openedAt = investigation.openedAt();
        row.assignedAt = investigation.assignedAt();
        row.concludedAt = investigation.concludedAt();
        row.outcome = investigation.outcome() == null ? null : investigation.outcome().name();
        row.summary = investigation.summary();
        try {
            row.measures = investigation.measures() == null ? null : json.writeValueAsString(investigation.measures());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        row.findingCount = investigation.findingCount();
        row.version = investigation.version();
    }

    public Finding toFinding(StoredFinding row) {
        return new Finding(row.id, Authority.valueOf(row.authority), Visibility.valueOf(row.visibility), row.text,
                row.recordedBy, row.recordedAt);
    }

    public StoredFinding toRow(Finding finding, Investigation investigation) {
        StoredFinding row = new StoredFinding();
        row.id = finding.id();
        row.investigationId = investigation.id();
        row.incidentId = investigation.incidentId();
        row.authority = finding.authority().name();
        row.visibility = finding.visibility().name();
        row.text = finding.text();
        row.recordedBy = finding.recordedBy();
        row.recordedAt = finding.recordedAt();
        return row;
    }

    public IncidentFacts toFacts(StoredIncident row) {
        return new IncidentFacts(row.id, row.reference, Tlp.valueOf(row.tlp), IncidentStatus.valueOf(row.status),
                authorities(row.requiredAuthorities), row.version);
    }

    public void copy(IncidentFacts facts, StoredIncident row, Instant learntAt) {
        row.id = facts.id();
        row.reference = facts.reference();
        row.tlp = facts.tlp().name();
        row.status = facts.status().name();
        row.requiredAuthorities = facts.requiredAuthorities().stream().map(Enum::name).sorted()
                .collect(Collectors.joining(","));
        row.version = facts.version();
        row.learntAt = learntAt;
    }

    static Set<Authority> authorities(String csv) {
        if (csv == null || csv.isBlank()) {
            return EnumSet.noneOf(Authority.class);
        }
        return Arrays.stream(csv.split(",")).map(Authority::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Authority.class)));
    }
}
