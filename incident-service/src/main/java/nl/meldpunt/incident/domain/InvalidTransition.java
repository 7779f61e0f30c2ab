package nl.meldpunt.incident.domain;

import nl.meldpunt.contract.IncidentStatus;

/** A move the lifecycle graph does not allow from the incident's current status (HTTP 409). */
public class InvalidTransition extends RuntimeException {

    private final IncidentStatus from;
    private final Transition transition;

    public InvalidTransition(IncidentStatus from, Transition transition, String reason) {
        super(reason);
        this.from = from;
        this.transition = transition;
    }

    public IncidentStatus from() {
        return from;
    }

    public Transition transition() {
        return transition;
    }
}
