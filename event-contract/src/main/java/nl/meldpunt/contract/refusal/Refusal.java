package nl.meldpunt.contract.refusal;

import java.util.List;

/**
 * A domain rule said no. Every service's domain throws subclasses of this, and knows nothing of
 * HTTP: one mapper in service-support turns the kind into the status of an RFC 9457 problem
 * (invalid input 400, a conflict with the current state 409, a valid request the rules cannot
 * honour 422) and the fields into its {@code errors}.
 */
public abstract class Refusal extends RuntimeException {

    public enum Kind {
        /** The request itself is wrong: a field is missing, malformed or out of range. */
        INVALID_INPUT,
        /** The request is well formed, but the current state does not allow it (a lifecycle move off the graph). */
        CONFLICT,
        /** The request is well formed, but a rule forbids what it asks (an outcome the authority has no power for). */
        UNPROCESSABLE
    }

    /** One field the rule refused, and why. */
    public record FieldRefusal(String field, String reason) {
    }

    private final Kind kind;
    private final List<FieldRefusal> fields;

    protected Refusal(Kind kind, String message, List<FieldRefusal> fields) {
        super(message);
        this.kind = kind;
        this.fields = fields == null ? List.of() : List.copyOf(fields);
    }

    public Kind kind() {
        return kind;
    }

    public List<FieldRefusal> fields() {
        return fields;
    }
}
