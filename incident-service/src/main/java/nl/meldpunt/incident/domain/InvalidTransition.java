package nl.meldpunt.incident.domain;

import nl.meldpunt.contract.refusal.Refusal;

import nl.meldpunt.contract.IncidentStatus;

/** A move the lifecycle graph does not allow from the incident's current status (a conflict). */
public class InvalidTransition extends Refusal {

    private final IncidentStatus from;
    private final Transition transition;

    public InvalidTransition(IncidentStatus from, Transition transition, String reason) {
        super(Kind.CONFLICT, reason, null);
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
