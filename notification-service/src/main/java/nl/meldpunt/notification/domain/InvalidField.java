package nl.meldpunt.notification.domain;

/** A request field the rules refuse, with the reason (answered with 400 naming the field). */
public class InvalidField extends RuntimeException {

    private final String field;

    public InvalidField(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return getMessage();
    }
}
