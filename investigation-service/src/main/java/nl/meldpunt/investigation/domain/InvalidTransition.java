package nl.meldpunt.investigation.domain;

import nl.meldpunt.contract.InvestigationStatus;

/** A move the lifecycle does not allow from the investigation's current status (HTTP 409). */
public class InvalidTransition extends RuntimeException {

    private final InvestigationStatus from;
    private final Transition transition;

    public InvalidTransition(InvestigationStatus from, Transition transition, String reason) {
        super(reason);
        this.from = from;
        this.transition = transition;
    }

    public InvestigationStatus from() {
        return from;
    }

    public Transition transition() {
        return transition;
    }
}
