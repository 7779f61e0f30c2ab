package nl.meldpunt.investigation.domain;

import java.util.Set;
import java.util.UUID;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.IncidentStatus;
import nl.meldpunt.contract.Tlp;

/**
 * What investigation-service knows of an incident, learnt from incident-events: enough for
 * access checks (TLP), opening rules (status, required authorities) and snapshots (reference).
 */
public record IncidentFacts(UUID id, String reference, Tlp tlp, IncidentStatus status, Set<Authority> requiredAuthorities,
        long version) {

    public IncidentFacts {
        requiredAuthorities = requiredAuthorities == null ? Set.of() : Set.copyOf(requiredAuthorities);
    }

    /** The basis of an investigation opened because triage required the authority. */
    public String basisAtTriage() {
        return "required at triage of " + reference;
    }
}
