package nl.meldpunt.notification.domain;

import java.util.List;

import nl.meldpunt.contract.refusal.Refusal;

/** A request field the rules refuse, with the reason. */
public class InvalidField extends Refusal {

    private final String field;

    public InvalidField(String field, String reason) {
        super(Kind.INVALID_INPUT, reason, List.of(new FieldRefusal(field, reason)));
        this.field = field;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return getMessage();
    }
}
