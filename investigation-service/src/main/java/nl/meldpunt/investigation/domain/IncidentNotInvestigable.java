package nl.meldpunt.investigation.domain;

import nl.meldpunt.contract.refusal.Refusal;

import nl.meldpunt.contract.IncidentStatus;

/** An investigation cannot be opened on the incident in its current status (a conflict). */
public class IncidentNotInvestigable extends Refusal {

    private final IncidentStatus status;

    public IncidentNotInvestigable(IncidentStatus status, String reason) {
        super(Kind.CONFLICT, reason, null);
        this.status = status;
    }

    public IncidentStatus status() {
        return status;
    }
}
