package nl.meldpunt.investigation.domain;

import nl.meldpunt.contract.IncidentStatus;

/** An investigation cannot be opened on the incident in its current status (HTTP 409). */
public class IncidentNotInvestigable extends RuntimeException {

    private final IncidentStatus status;

    public IncidentNotInvestigable(IncidentStatus status, String reason) {
        super(reason);
        this.status = status;
    }

    public IncidentStatus status() {
        return status;
    }
}
