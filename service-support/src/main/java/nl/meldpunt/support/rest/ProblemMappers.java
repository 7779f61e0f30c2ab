package nl.meldpunt.support.rest;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import nl.meldpunt.contract.refusal.Refusal;

/** Turns every error into RFC 9457 problem+json that names the field and the reason. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.toProblem(path(uri)));
    }

    /** Every service's domain refusals, mapped the same way (design: one shape per mechanism). */
    @ServerExceptionMapper
    public Response refusal(Refusal e, UriInfo uri) {
        return respond(ProblemException.of(e).toProblem(path(uri)));
    }

    @ServerExceptionMapper(priority = 1)
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        String field = fieldPath(e);
        List<String> known = e.getKnownPropertyIds() == null ? List.of()
                : e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.toList());
        return invalid(field, "is not a known field" + (known.isEmpty() ? "" : "; known fields: " + String.join(", ", known)),
                uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response badValue(InvalidFormatException e, UriInfo uri) {
        Class<?> target = e.getTargetType();
        String reason;
        if (target != null && target.isEnum()) {
            reason = "'" + e.getValue() + "' is not one of " + Arrays.toString(target.getEnumConstants());
        } else if (target != null && java.time.temporal.Temporal.class.isAssignableFrom(target)) {
            reason = "'" + e.getValue() + "' is not an ISO-8601 date-time with offset, e.g. 2025-07-06T09:30:00Z";
        } else {
            reason = "'" + e.getValue() + "' is not a valid " + (target == null ? "value" : target.getSimpleName());
        }
        return invalid(fieldPath(e), reason, uri);
    }

    @ServerExceptionMapper(priority = 2)
    public Response wrongShape(MismatchedInputException e, UriInfo uri) {
        String field = fieldPath(e);
        Class<?> target = e.getTargetType();
        String reason = target != null && java.time.temporal.Temporal.class.isAssignableFrom(target)
                ? "is not an ISO-8601 date-time with offset, e.g. 2025-07-06T09:30:00Z"
                : "has the wrong type" + (target == null ? "" : ": expected " + describe(target));
        if (field.isEmpty()) {
            return invalid("body", "must be a JSON object", uri);
        }
        return invalid(field, reason, uri);
    }

    @ServerExceptionMapper(priority = 2)
    public Response cannotBuild(ValueInstantiationException e, UriInfo uri) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return invalid(fieldPath(e).isEmpty() ? "body" : fieldPath(e), cause.getMessage(), uri);
    }

    @ServerExceptionMapper(priority = 3)
    public Response otherMapping(JsonMappingException e, UriInfo uri) {
        String field = fieldPath(e);
        // Date-time parsing failures arrive wrapped: report them like other bad values.
        String reason = e.getCause() instanceof java.time.format.DateTimeParseException
                ? "is not an ISO-8601 date-time with offset, e.g. 2025-07-06T09:30:00Z"
                : e.getOriginalMessage();
        return invalid(field.isEmpty() ? "body" : field, reason, uri);
    }

    @ServerExceptionMapper(priority = 4)
    public Response notJson(JsonProcessingException e, UriInfo uri) {
        // BodyLimit's 413 thrown while Jackson reads a body of undeclared length arrives wrapped.
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ProblemException pe) {
                return problem(pe, uri);
            }
        }
        return invalid("body", "is not well-formed JSON: " + e.getOriginalMessage(), uri);
    }

    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(leaf(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem.FieldError::field))
                .collect(Collectors.toList());
        return respond(ProblemException.invalid(errors).toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        return respond(new Problem(Problem.TYPE_BASE + "unauthenticated", "Unauthorized", 401,
                "a valid bearer token is required", path(uri), null), "Bearer");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return respond(new Problem(Problem.TYPE_BASE + "unauthenticated", "Unauthorized", 401,
                "the bearer token is missing, expired or not signed by a trusted issuer", path(uri), null), "Bearer");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(new Problem(Problem.TYPE_BASE + "forbidden", "Forbidden", 403,
                "your role does not allow this operation", path(uri), null));
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, UriInfo uri) {
        return respond(new Problem(Problem.TYPE_BASE + "unsupported-media-type", "Unsupported Media Type", 415,
                "send the body as application/json", path(uri),
                List.of(new Problem.FieldError("Content-Type", "must be application/json"))));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        return respond(new Problem(Problem.TYPE_BASE + "method-not-allowed", "Method Not Allowed", 405,
                "allowed: " + e.getResponse().getAllowedMethods(), path(uri), null));
    }

    /**
     * Quarkus REST hands two kinds of 404 to this mapper: a path no resource matches, and a path
     * parameter that could not be converted (every id in Meldpunt's paths is a UUID). Both answer
     * problem+json; the second names the parameter, as a 400 names a field.
     */
    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        if (e.getCause() instanceof ProblemException pe) {
            return problem(pe, uri);
        }
        if (e.getCause() != null && uri != null) {
            for (var param : uri.getPathParameters().entrySet()) {
                for (String value : param.getValue()) {
                    if (!isUuid(value)) {
                        return problem(QueryParams.notFoundId(param.getKey(), value), uri);
                    }
                }
            }
        }
        return respond(new Problem(Problem.TYPE_BASE + "not-found", "Not found", 404,
                "no resource at " + path(uri) + "; docs/api.md lists the paths", path(uri),
                List.of(new Problem.FieldError("path", "matches no resource"))));
    }

    private static boolean isUuid(String value) {
        try {
            java.util.UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException jpe) {
            return notJson(jpe, uri);
        }
        return respond(new Problem(Problem.TYPE_BASE + "http-" + status, Response.Status.fromStatusCode(status) == null
                ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase(), status, e.getMessage(), path(uri), null));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.error("unexpected error on " + path(uri), e);
        return respond(new Problem(Problem.TYPE_BASE + "internal", "Internal Server Error", 500,
                "an unexpected error occurred; it has been logged", path(uri), null));
    }

    private static Response invalid(String field, String reason, UriInfo uri) {
        return respond(ProblemException.invalid(field, reason).toProblem(path(uri)));
    }

    static Response respond(Problem p, String... authenticate) {
        Response.ResponseBuilder b = Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p);
        if (authenticate.length > 0) {
            b.header("WWW-Authenticate", authenticate[0]);
        }
        return b.build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }

    /** Jackson's reference chain as a field path: {@code affectedOrganization.kind}, {@code indicators[2].type}. */
    static String fieldPath(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String leaf(String propertyPath) {
        // "create.arg0.title" -> "title": drop the method and parameter segments of a validated call
        String[] parts = propertyPath.split("\\.");
        return parts.length > 2 ? String.join(".", Arrays.copyOfRange(parts, 2, parts.length)) : propertyPath;
    }

    private static String describe(Class<?> c) {
        if (c.isEnum()) {
            return "one of " + Arrays.toString(c.getEnumConstants());
        }
        if (Number.class.isAssignableFrom(c) || c.isPrimitive() && c != boolean.class) {
            return "a number";
        }
        if (c == Boolean.class || c == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(c)) {
            return "an array";
        }
        if (c == String.class) {
            return "a string";
        }
        return "an object";
    }
}
