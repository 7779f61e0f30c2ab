package nl.meldpunt.investigation.domain;

/** A field of a request that is wrong, and why: what problem+json reports to the client. */
public record FieldViolation(String field, String reason) {
}
