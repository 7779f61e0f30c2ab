package nl.meldpunt.investigation.domain;

import java.util.List;

import nl.meldpunt.contract.refusal.Refusal;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Outcome;

/** The authority has no power to conclude with this outcome (well formed, but beyond the authority's powers). */
public class OutcomeNotAllowed extends Refusal {

    public OutcomeNotAllowed(Authority authority, Outcome outcome) {
        super(Kind.UNPROCESSABLE, authority + " has no enforcement powers and cannot conclude with " + outcome,
                List.of(new FieldRefusal("outcome", authority + " has no enforcement powers and cannot conclude with " + outcome)));
    }
}
