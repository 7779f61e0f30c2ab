package nl.meldpunt.investigation.domain;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Outcome;

/** The authority has no power to conclude with this outcome (HTTP 422). */
public class OutcomeNotAllowed extends RuntimeException {

    public OutcomeNotAllowed(Authority authority, Outcome outcome) {
        super(authority + " has no enforcement powers and cannot conclude with " + outcome);
    }
}
