package nl.meldpunt.support.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/**
 * Query parameters arrive as strings so that a bad value is a 400 naming the parameter,
 * not the 404 that JAX-RS gives a failed conversion. Blank means "not given".
 */
public final class QueryParams {

    private QueryParams() {
    }

    public static UUID uuid(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "'" + value + "' is not a UUID");
        }
    }

    public static <E extends Enum<E>> E enumValue(String field, Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "'" + value + "' is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    /**
     * What every time parameter accepts, for the OpenAPI descriptions: the forms a person types.
     * A time without an offset is UTC, and a date alone is the start of that day in UTC.
     */
    public static final String TIME_FORMS = "ISO-8601: 2026-01-01T00:00:00Z, 2026-01-01T01:00:00+01:00, "
            + "2026-01-01T00:00 (read as UTC) or 2026-01-01 (the start of that day, UTC)";

    /**
     * An ISO-8601 instant in any of the {@link #TIME_FORMS}. Without an offset the time is read as
     * UTC, never as the server's zone, so that the same URL means the same moment on every server.
     */
    public static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            // fall through to the forms without an offset
        }
        try {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
            // fall through to a date alone
        }
        try {
            return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "'" + value + "' is not an ISO-8601 time; use " + TIME_FORMS);
        }
    }

    /**
     * A UUID that names a resource in the path: 404 naming the parameter when it is not one, as
     * no resource can have that id (docs/api.md "Errors").
     */
    public static UUID pathId(String field, String value) {
        try {
            return UUID.fromString(value == null ? "" : value.trim());
        } catch (IllegalArgumentException e) {
            throw notFoundId(field, value);
        }
    }

    public static ProblemException notFoundId(String field, String value) {
        return new ProblemException(404, "not-found", "Not found", "nothing has the " + field + " '" + value + "'",
                java.util.List.of(new Problem.FieldError(field, "'" + value + "' is not an id of this resource")));
    }

    /**
     * One fact sent under its name or under the name it had before (kept for one release, see the
     * changelog): the new name's value, else the old one's. Both with different values is a 400
     * naming the new name, as Meldpunt cannot tell which the client meant.
     */
    public static <T> T renamed(String field, T value, String oldField, T oldValue) {
        if (isBlank(value)) {
            return isBlank(oldValue) ? null : oldValue;
        }
        if (!isBlank(oldValue) && !same(value, oldValue)) {
            throw ProblemException.invalid(field, "differs from the deprecated " + oldField + "; send " + field + " only");
        }
        return value;
    }

    private static boolean isBlank(Object v) {
        return v == null || v instanceof String s && s.isBlank();
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            return x.trim().equals(y.trim());
        }
        return a.equals(b);
    }

    /** The reference a person reads, {@code INC-2026-000005} (any case): incident-service assigns it. */
    private static final java.util.regex.Pattern INCIDENT_REFERENCE =
            java.util.regex.Pattern.compile("INC-\\d{4}-\\d{6,}", java.util.regex.Pattern.CASE_INSENSITIVE);

    public static boolean isIncidentReference(String value) {
        return value != null && INCIDENT_REFERENCE.matcher(value.trim()).matches();
    }

    /** An incident named by id or by reference, as a filter: the reference upper-cased, or the id. */
    public record IncidentKey(UUID id, String reference) {
    }

    public static IncidentKey incident(String field, String value) {
        if (value == null || value.isBlank()) {
            return new IncidentKey(null, null);
        }
        if (isIncidentReference(value)) {
            return new IncidentKey(null, value.trim().toUpperCase(Locale.ROOT));
        }
        try {
            return new IncidentKey(UUID.fromString(value.trim()), null);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "'" + value + "' is neither an incident id (UUID) nor a reference "
                    + "such as INC-2026-000005");
        }
    }
}
