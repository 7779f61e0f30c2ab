package nl.meldpunt.notification.domain.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    // The test vector published with the Standard Webhooks specification.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void signsTheSpecificationsTestVectorExactly() {
        assertEquals(SIGNATURE, WebhookSignature.sign(List.of(SECRET), ID, TIMESTAMP, BODY));
    }

    @Test
    void theSpecificationsSignatureVerifiesAndAnyChangedPartDoesNot() {
        Instant at = Instant.ofEpochSecond(TIMESTAMP);
        assertTrue(WebhookSignature.verify(SECRET, ID, "1614265330", BODY, SIGNATURE, at, FIVE_MINUTES));
        assertFalse(WebhookSignature.verify(SECRET, "msg_other", "1614265330", BODY, SIGNATURE, at, FIVE_MINUTES));
        assertFalse(WebhookSignature.verify(SECRET, ID, "1614265331", BODY, SIGNATURE, at, FIVE_MINUTES));
        assertFalse(WebhookSignature.verify(SECRET, ID, "1614265330", "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8),
                SIGNATURE, at, FIVE_MINUTES));
        assertFalse(WebhookSignature.verify(WebhookSignature.newSecret(), ID, "1614265330", BODY, SIGNATURE, at, FIVE_MINUTES));
    }

    @Test
    void aMessageOlderOrNewerThanTheToleranceIsRefusedEvenWithAGoodSignature() {
        Instant at = Instant.ofEpochSecond(TIMESTAMP);
        assertFalse(WebhookSignature.verify(SECRET, ID, "1614265330", BODY, SIGNATURE, at.plus(Duration.ofMinutes(6)),
                FIVE_MINUTES));
        assertFalse(WebhookSignature.verify(SECRET, ID, "1614265330", BODY, SIGNATURE, at.minus(Duration.ofMinutes(6)),
                FIVE_MINUTES));
        assertFalse(WebhookSignature.verify(SECRET, ID, "not-a-number", BODY, SIGNATURE, at, FIVE_MINUTES));
    }

    @Test
    void duringARotationBothSecretsSignAndEitherVerifies() {
        String next = WebhookSignature.newSecret();
        String header = WebhookSignature.sign(List.of(next, SECRET), ID, TIMESTAMP, BODY);
        String[] parts = header.split(" ");
        assertEquals(2, parts.length);
        assertEquals(SIGNATURE, parts[1]);
        Instant at = Instant.ofEpochSecond(TIMESTAMP);
        assertTrue(WebhookSignature.verify(next, ID, "1614265330", BODY, header, at, FIVE_MINUTES));
        assertTrue(WebhookSignature.verify(SECRET, ID, "1614265330", BODY, header, at, FIVE_MINUTES));
    }

    @Test
    void aNewSecretIsThirtyTwoRandomBytesBehindTheWhsecPrefix() {
        String a = WebhookSignature.newSecret();
        String b = WebhookSignature.newSecret();
        assertTrue(a.startsWith("whsec_"));
        assertEquals(32, Base64.getDecoder().decode(a.substring(6)).length);
        assertNotEquals(a, b);
    }

    @Test
    void aSecretThatIsNotBase64IsRefused() {
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.sign(List.of("whsec_not base64!"), ID, TIMESTAMP,
                BODY));
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.sign(List.of(), ID, TIMESTAMP, BODY));
    }
}
