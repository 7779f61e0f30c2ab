package nl.meldpunt.localstack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The listener's own signature check, against the Standard Webhooks specification's test vector. */
class WebhookListenerTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String TIMESTAMP = "1614265330";
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Instant THEN = Instant.ofEpochSecond(1614265330);

    @Test
    void theSpecificationsVectorVerifiesAlsoAmongOtherSignatures() {
        assertTrue(WebhookListener.verify(SECRET, ID, TIMESTAMP, BODY, SIGNATURE, THEN));
        assertTrue(WebhookListener.verify(SECRET, ID, TIMESTAMP, BODY, "v1,bm90IHRoaXMgb25l " + SIGNATURE, THEN.plusSeconds(60)));
    }

    @Test
    void aChangedBodyAnotherIdAnOldTimestampOrAnotherVersionDoNotVerify() {
        assertFalse(WebhookListener.verify(SECRET, ID, TIMESTAMP, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8),
                SIGNATURE, THEN));
        assertFalse(WebhookListener.verify(SECRET, "msg_other", TIMESTAMP, BODY, SIGNATURE, THEN));
        assertFalse(WebhookListener.verify(SECRET, ID, TIMESTAMP, BODY, SIGNATURE, THEN.plusSeconds(301)));
        assertFalse(WebhookListener.verify(SECRET, ID, TIMESTAMP, BODY, SIGNATURE.replace("v1,", "v2,"), THEN));
        assertFalse(WebhookListener.verify(SECRET, ID, TIMESTAMP, BODY, null, THEN));
    }
}
