package nl.meldpunt.notification.domain.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import nl.meldpunt.notification.domain.webhook.DeliveryOutcome.Result;

/** The classification of one delivery attempt, as a table of answers. */
class DeliveryOutcomeTest {

    private static final Instant NOW = Instant.parse("2026-10-21T07:28:00Z");
    private static final Duration TOOK = Duration.ofMillis(120);

    static Stream<Arguments> answers() {
        // status, headers, expected result, expected retry-after in seconds (null: none)
        return Stream.of(
                Arguments.of(200, Map.of(), Result.DELIVERED, null),
                Arguments.of(202, Map.of(), Result.DELIVERED, null),
                Arguments.of(204, Map.of(), Result.DELIVERED, null),
                Arguments.of(299, Map.of(), Result.DELIVERED, null),
                Arguments.of(410, Map.of(), Result.GONE, null),
                Arguments.of(500, Map.of(), Result.RETRY, null),
                Arguments.of(502, Map.of("Retry-After", List.of("30")), Result.RETRY, null),
                Arguments.of(504, Map.of(), Result.RETRY, null),
                Arguments.of(301, Map.of("Location", List.of("http://10.0.0.1/")), Result.RETRY, null),
                Arguments.of(302, Map.of(), Result.RETRY, null),
                Arguments.of(307, Map.of(), Result.RETRY, null),
                Arguments.of(308, Map.of(), Result.RETRY, null),
                Arguments.of(400, Map.of(), Result.RETRY, null),
                Arguments.of(404, Map.of(), Result.RETRY, null),
                Arguments.of(429, Map.of(), Result.RETRY, null),
                Arguments.of(429, Map.of("Retry-After", List.of("7")), Result.RETRY, 7L),
                Arguments.of(429, Map.of("retry-after", List.of(" 120 ")), Result.RETRY, 120L),
                Arguments.of(429, Map.of("Retry-After", List.of("0")), Result.RETRY, 1L),
                Arguments.of(429, Map.of("Retry-After", List.of("86400")), Result.RETRY, 3600L),
                Arguments.of(429, Map.of("Retry-After", List.of("soon")), Result.RETRY, null),
                Arguments.of(429, Map.of("Retry-After", List.of("-5")), Result.RETRY, null),
                Arguments.of(503, Map.of("Retry-After", List.of("Wed, 21 Oct 2026 07:30:00 GMT")), Result.RETRY, 120L),
                Arguments.of(503, Map.of("RETRY-AFTER", List.of("Wed, 21 Oct 2026 07:27:00 GMT")), Result.RETRY, 1L),
                Arguments.of(503, Map.of("Retry-After", List.of("Thu, 22 Oct 2026 07:28:00 GMT")), Result.RETRY, 3600L),
                Arguments.of(503, Map.of(), Result.RETRY, null));
    }

    @ParameterizedTest(name = "{0} {1} is {2}, retry after {3} s")
    @MethodSource("answers")
    void eachAnswerIsClassifiedAsIssue10Says(int status, Map<String, List<String>> headers, Result expected,
            Long retryAfterSeconds) {
        DeliveryOutcome outcome = DeliveryOutcome.classify(status, headers, TOOK, "ok".getBytes(StandardCharsets.UTF_8), NOW);

        assertEquals(expected, outcome.result());
        assertEquals(OptionalInt.of(status), outcome.status());
        assertEquals(Optional.ofNullable(retryAfterSeconds).map(Duration::ofSeconds), outcome.retryAfter());
        assertEquals(TOOK, outcome.duration());
        assertEquals("ok", outcome.responseBody());
        assertEquals(expected == Result.DELIVERED, outcome.error() == null, "an error text exactly when not delivered");
    }

    @Test
    void aRedirectIsNamedWithItsTargetInTheError() {
        DeliveryOutcome outcome = DeliveryOutcome.classify(302, Map.of("location", List.of("https://elsewhere.example/")),
                TOOK, new byte[0], NOW);

        assertEquals("HTTP 302: redirect to https://elsewhere.example/ not followed", outcome.error());
    }

    @Test
    void onlyTheFirstKibOfTheAnswerIsKept() {
        byte[] body = ("a".repeat(1000) + "b".repeat(24) + "c".repeat(5000)).getBytes(StandardCharsets.US_ASCII);

        DeliveryOutcome outcome = DeliveryOutcome.classify(500, Map.of(), TOOK, body, NOW);

        assertEquals("a".repeat(1000) + "b".repeat(24), outcome.responseBody());
    }

    @Test
    void aCharacterCutAtTheKibBoundaryIsDroppedNotGarbled() {
        // 1023 ASCII bytes, then a two-byte 'é' of which only the first byte falls inside the KiB.
        byte[] body = ("x".repeat(1023) + "é").getBytes(StandardCharsets.UTF_8);

        DeliveryOutcome outcome = DeliveryOutcome.classify(500, Map.of(), TOOK, body, NOW);

        assertEquals("x".repeat(1023), outcome.responseBody());
    }

    @Test
    void aFailureWithoutAnswerIsRetriedWithoutStatus() {
        DeliveryOutcome outcome = DeliveryOutcome.failed(TOOK, "timed out after 15000 ms");

        assertEquals(Result.RETRY, outcome.result());
        assertEquals(OptionalInt.empty(), outcome.status());
        assertEquals("timed out after 15000 ms", outcome.error());
    }
}
