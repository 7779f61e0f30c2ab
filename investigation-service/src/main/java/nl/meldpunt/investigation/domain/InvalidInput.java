package nl.meldpunt.investigation.domain;

import java.util.List;

/** Input the domain refuses, field by field (HTTP 400). */
public class InvalidInput extends RuntimeException {

    private final List<FieldViolation> violations;

    public InvalidInput(List<FieldViolation> violations) {
        super(violations.size() == 1 ? violations.get(0).field() + " " + violations.get(0).reason()
                : violations.size() + " fields are invalid");
        this.violations = List.copyOf(violations);
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
