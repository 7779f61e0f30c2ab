package nl.meldpunt.notification.domain.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one webhook delivery attempt came to, as Standard Webhooks 1.0 and issue 10 classify it:
 * a 2xx answer is delivered; 410 Gone disables the subscription at once; anything else the
 * receiver answers (redirects included, as they are never followed), a timeout or a failed
 * connection is tried again by the schedule; and an address the URL policy refused at connect
 * time is {@link Result#REFUSED}, never sent.
 *
 * @param result         the classification
 * @param status         the HTTP status, when the receiver answered
 * @param duration       from just before connecting to the classification
 * @param retryAfter     for 429 and 503: the receiver's {@code Retry-After}, bounded to [1 s, 1 h]
 * @param error          why it was not delivered, for the delivery log; null when delivered
 * @param responseBody   at most the first KiB of the answer, as UTF-8 text (invalid bytes replaced)
 */
public record DeliveryOutcome(Result result, OptionalInt status, Duration duration, Optional<Duration> retryAfter,
        String error, String responseBody) {

    public enum Result {
        /** A 2xx answer. */
        DELIVERED,
        /** Not delivered this time; the retry schedule decides about the next attempt. */
        RETRY,
        /** 410 Gone: the receiver asks to stop; the subscription is disabled at once. */
        GONE,
        /** The URL policy refused the address when connecting; nothing was sent (or its answer was discarded). */
        REFUSED
    }

    /** How much of a receiver's answer is kept for the delivery log. */
    public static final int BODY_LIMIT = 1024;
    /** Bounds on a receiver's {@code Retry-After}: it can neither make Meldpunt hammer it nor park a message forever. */
    public static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    public DeliveryOutcome {
        Objects.requireNonNull(result);
        Objects.requireNonNull(status);
        Objects.requireNonNull(duration);
        Objects.requireNonNull(retryAfter);
        responseBody = responseBody == null ? "" : responseBody;
    }

    /**
     * Classifies the receiver's answer.
     *
     * @param status    the HTTP status code
     * @param headers   the answer's headers; names are matched in any case
     * @param duration  how long the attempt took
     * @param bodyStart the first bytes of the answer; only the first {@link #BODY_LIMIT} are kept
     * @param now       the moment the answer came, to turn a {@code Retry-After} date into a wait
     */
    public static DeliveryOutcome classify(int status, Map<String, List<String>> headers, Duration duration,
            byte[] bodyStart, Instant now) {
        String body = firstKiB(bodyStart);
        OptionalInt code = OptionalInt.of(status);
        if (status >= 200 && status <= 299) {
            return new DeliveryOutcome(Result.DELIVERED, code, duration, Optional.empty(), null, body);
        }
        if (status == 410) {
            return new DeliveryOutcome(Result.GONE, code, duration, Optional.empty(),
                    "HTTP 410: the receiver asks to stop these deliveries", body);
        }
        if (status == 429 || status == 503) {
            Optional<Duration> wait = header(headers, "Retry-After").flatMap(v -> retryAfter(v, now));
            return new DeliveryOutcome(Result.RETRY, code, duration, wait,
                    "HTTP " + status + wait.map(w -> ", Retry-After " + w.toSeconds() + " s").orElse(""), body);
        }
        if (status >= 300 && status <= 399) {
            // Following a redirect would let a receiver point Meldpunt at an address the URL policy never checked.
            String target = header(headers, "Location").map(l -> " to " + l).orElse("");
            return new DeliveryOutcome(Result.RETRY, code, duration, Optional.empty(),
                    "HTTP " + status + ": redirect" + target + " not followed", body);
        }
        // Other 4xx and 5xx: Standard Webhooks treats every non-2xx answer as a failure to be retried.
        return new DeliveryOutcome(Result.RETRY, code, duration, Optional.empty(), "HTTP " + status, body);
    }

    /** A timeout or a connection that failed before an answer came: tried again. */
    public static DeliveryOutcome failed(Duration duration, String error) {
        return new DeliveryOutcome(Result.RETRY, OptionalInt.empty(), duration, Optional.empty(), error, "");
    }

    /** The URL policy refused the address; nothing of the receiver's is kept. */
    public static DeliveryOutcome refused(Duration duration, String reason) {
        return new DeliveryOutcome(Result.REFUSED, OptionalInt.empty(), duration, Optional.empty(), reason, "");
    }

    /**
     * A {@code Retry-After} value (RFC 9110 §10.2.3) as a wait from {@code now}: delta-seconds or an
     * HTTP date (the IMF-fixdate form, e.g. {@code Wed, 21 Oct 2026 07:28:00 GMT}), bounded to
     * [1 s, 1 h]. Empty when the value is neither; the retry schedule then decides.
     */
    public static Optional<Duration> retryAfter(String value, Instant now) {
        String v = value.trim();
        Duration wait;
        if (v.matches("\\d{1,18}")) {
            wait = Duration.ofSeconds(Long.parseLong(v));
        } else {
            try {
                wait = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (wait.compareTo(MIN_RETRY_AFTER) < 0) {
            return Optional.of(MIN_RETRY_AFTER);
        }
        return Optional.of(wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait);
    }

    private static Optional<String> header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                .map(e -> e.getValue().get(0))
                .findFirst();
    }

    private static String firstKiB(byte[] bytes) {
        if (bytes == null) {
            return "";
        }
        byte[] kept = bytes.length > BODY_LIMIT ? Arrays.copyOf(bytes, BODY_LIMIT) : bytes;
        try {
            // A character cut at the KiB boundary is dropped rather than shown as garbage.
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(kept)).toString()
                    .replaceAll("\uFFFD+$", "");
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder does not fail", e);
        }
    }
}
