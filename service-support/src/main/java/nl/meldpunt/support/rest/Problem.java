package nl.meldpunt.support.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail. {@code errors} lists each offending field and the reason, so a
 * client can always tell which field was wrong and why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://meldpunt.nl/problems/";

    /** One field of the request and what is wrong with it. */
    public record FieldError(String field, String reason) {
    }
}
