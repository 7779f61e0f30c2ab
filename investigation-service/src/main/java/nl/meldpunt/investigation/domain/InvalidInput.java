package nl.meldpunt.investigation.domain;

import java.util.List;

import nl.meldpunt.contract.refusal.Refusal;

/** Input the domain refuses, field by field. */
public class InvalidInput extends Refusal {

    private final List<FieldViolation> violations;

    public InvalidInput(List<FieldViolation> violations) {
        super(Kind.INVALID_INPUT, violations.size() == 1 ? violations.get(0).field() + " " + violations.get(0).reason()
                : violations.size() + " fields are invalid",
                violations.stream().map(v -> new FieldRefusal(v.field(), v.reason())).toList());
        this.violations = List.copyOf(violations);
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
