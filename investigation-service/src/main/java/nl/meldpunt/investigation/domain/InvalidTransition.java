package nl.meldpunt.investigation.domain;

import nl.meldpunt.contract.refusal.Refusal;

import nl.meldpunt.contract.InvestigationStatus;

/** A move the lifecycle does not allow from the investigation's current status (a conflict). */
public class InvalidTransition extends Refusal {

    private final InvestigationStatus from;
    private final Transition transition;

    public InvalidTransition(InvestigationStatus from, Transition transition, String reason) {
        super(Kind.CONFLICT, reason, null);
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
