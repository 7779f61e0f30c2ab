package nl.meldpunt.incident.domain;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.IncidentSnapshot;
import nl.meldpunt.contract.IncidentStatus;
import nl.meldpunt.contract.Reporter;
import nl.meldpunt.contract.Severity;

/**
 * An incident as the domain sees it: details that analysts state, plus what the lifecycle
 * owns. Every change goes through {@link IncidentLifecycle} and raises the version by one.
 */
public final class Incident {

    private final UUID id;
    private final String reference;
    private final Reporter reportedBy;
    private final Instant reportedAt;
    private IncidentDetails details;
    private Set<Authority> requiredAuthorities;
    private IncidentStatus status;
    private long version;
    private Instant updatedAt;

    public Incident(UUID id, String reference, Reporter reportedBy, Instant reportedAt, IncidentDetails details,
            Set<Authority> requiredAuthorities, IncidentStatus status, long version, Instant updatedAt) {
        this.id = id;
        this.reference = reference;
        this.reportedBy = reportedBy;
        this.reportedAt = reportedAt;
        this.details = details;
        this.requiredAuthorities = requiredAuthorities == null ? EnumSet.noneOf(Authority.class) : EnumSet.copyOf(
                requiredAuthorities.isEmpty() ? EnumSet.noneOf(Authority.class) : requiredAuthorities);
        this.status = status;
        this.version = version;
        this.updatedAt = updatedAt;
    }

    /** A new incident in REPORTED, version 1. */
    public static Incident report(UUID id, String reference, IncidentDetails details, Reporter reportedBy, Instant now) {
        return new Incident(id, reference, reportedBy, now, details, Set.of(), IncidentStatus.REPORTED, 1, now);
    }

    public void update(IncidentDetails changed, Instant now) {
        move(Transition.UPDATE, now);
        this.details = changed;
    }

    /** Triage sets which authorities must investigate, and may correct the severity. */
    public void triage(Severity severity, Set<Authority> authorities, Instant now) {
        move(Transition.TRIAGE, now);
        if (severity != null) {
            details = details.withSeverity(severity);
        }
        requiredAuthorities = authorities.isEmpty() ? EnumSet.noneOf(Authority.class) : EnumSet.copyOf(authorities);
    }

    public void startInvestigation(Instant now) {
        move(Transition.START_INVESTIGATION, now);
    }

    public void resolve(Instant now) {
        move(Transition.RESOLVE, now);
    }

    public void close(Instant now) {
        move(Transition.CLOSE, now);
    }

    public void reject(Instant now) {
        move(Transition.REJECT, now);
    }

    public void reopen(Instant now) {
        move(Transition.REOPEN, now);
    }

    private void move(Transition t, Instant now) {
        status = IncidentLifecycle.next(status, t, !requiredAuthorities.isEmpty());
        version++;
        updatedAt = now;
    }

    public IncidentSnapshot snapshot() {
        IncidentDetails d = details;
        return new IncidentSnapshot(id, reference, d.title(), d.summary(), d.category(), d.severity(), d.tlp(),
                d.affectedOrganization(), d.controllers(), reportedBy, d.detectedAt(), d.awareAt(), reportedAt,
                d.personalData(), d.contactPoint(), d.estimatedRecords(), d.likelyConsequences(), d.measuresTaken(),
                d.suspectedMalicious(), d.crossBorderImpact(), d.indicators(), d.rootCause(), d.mitigations(),
                requiredAuthorities, status, version, updatedAt);
    }

    public UUID id() {
        return id;
    }

    public String reference() {
        return reference;
    }

    public Reporter reportedBy() {
        return reportedBy;
    }

    public Instant reportedAt() {
        return reportedAt;
    }

    public IncidentDetails details() {
        return details;
    }

    public Set<Authority> requiredAuthorities() {
        return requiredAuthorities;
    }

    public IncidentStatus status() {
        return status;
    }

    public long version() {
        return version;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
