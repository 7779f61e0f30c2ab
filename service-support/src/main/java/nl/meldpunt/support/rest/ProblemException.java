package nl.meldpunt.support.rest;

import java.util.List;

import nl.meldpunt.contract.refusal.Refusal;

/**
 * Thrown anywhere in a service to answer with a problem+json response. The named constructors
 * cover the statuses Meldpunt uses; {@code slug} becomes the problem type URI.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String slug, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ProblemException invalid(String field, String reason) {
        return invalid(List.of(new Problem.FieldError(field, reason)));
    }

    public static ProblemException invalid(List<Problem.FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).reason()
                : errors.size() + " fields are invalid";
        return new ProblemException(400, "validation", "Invalid request", detail, errors);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", "Not found", what, null);
    }

    public static ProblemException forbidden(String why) {
        return new ProblemException(403, "forbidden", "Forbidden", why, null);
    }

    public static ProblemException conflict(String why) {
        return new ProblemException(409, "invalid-state", "Conflict with the current state", why, null);
    }

    public static ProblemException stale(long expected, long actual) {
        return new ProblemException(412, "stale-version", "Precondition failed",
                "If-Match names version " + expected + " but the current version is " + actual
                        + "; read the resource again and retry",
                List.of(new Problem.FieldError("If-Match", "stale: current version is " + actual)));
    }

    public static ProblemException unprocessable(String field, String why) {
        return new ProblemException(422, "unprocessable", "Unprocessable request", why,
                List.of(new Problem.FieldError(field, why)));
    }

    /** A domain refusal as a problem: the domain names the kind and the fields, this decides the status. */
    public static ProblemException of(Refusal r) {
        List<Problem.FieldError> errors = r.fields().stream().map(f -> new Problem.FieldError(f.field(), f.reason())).toList();
        return switch (r.kind()) {
            case INVALID_INPUT -> new ProblemException(400, "validation", "Invalid request", r.getMessage(), errors);
            case CONFLICT -> new ProblemException(409, "invalid-state", "Conflict with the current state", r.getMessage(),
                    errors);
            case UNPROCESSABLE -> new ProblemException(422, "unprocessable", "Unprocessable request", r.getMessage(), errors);
        };
    }

    public int status() {
        return status;
    }

    public Problem toProblem(String instance) {
        return new Problem(Problem.TYPE_BASE + slug, title, status, getMessage(), instance, errors.isEmpty() ? null : errors);
    }
}
