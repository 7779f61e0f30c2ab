package nl.meldpunt.notification.domain.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures as Standard Webhooks 1.0 defines them: HMAC-SHA256 over
 * {@code <webhook-id>.<webhook-timestamp>.<body>} with the secret's key, sent in the header
 * {@code webhook-signature} as {@code v1,<base64>}; several signatures (during a secret rotation)
 * are separated by spaces. A secret is {@code whsec_} followed by the base64 of its key.
 */
public final class WebhookSignature {

    public static final String SECRET_PREFIX = "whsec_";
    private static final String VERSION = "v1";
    /** Standard Webhooks asks for 24 to 64 bytes of key; Meldpunt uses 32. */
    static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** A fresh random secret, shown to the subscriber once. */
    public static String newSecret() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The key of a secret; the prefix is optional, as receivers often paste the bare base64. */
    static byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        try {
            byte[] key = Base64.getDecoder().decode(encoded);
            if (key.length == 0) {
                throw new IllegalArgumentException("a webhook secret needs a key");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a webhook secret: the part after whsec_ must be base64", e);
        }
    }

    /**
     * The {@code webhook-signature} header for one message, signed with every secret given (the
     * current one first; an old one still valid during a rotation after it).
     */
    public static String sign(List<String> secrets, String messageId, long timestampSeconds, byte[] body) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret signs a message");
        }
        StringBuilder header = new StringBuilder();
        for (String secret : secrets) {
            if (!header.isEmpty()) {
                header.append(' ');
            }
            header.append(VERSION).append(',').append(signature(key(secret), messageId, timestampSeconds, body));
        }
        return header.toString();
    }

    /**
     * Whether the header carries a valid {@code v1} signature of this message by the secret, and
     * the timestamp lies within the tolerance of {@code now} (a replayed old message is refused).
     */
    public static boolean verify(String secret, String messageId, String timestamp, byte[] body, String header, Instant now,
            Duration tolerance) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = signature(key(secret), messageId, seconds, body).getBytes(StandardCharsets.US_ASCII);
        for (String part : header.trim().split(" +")) {
            int comma = part.indexOf(',');
            if (comma > 0 && part.substring(0, comma).equals(VERSION)
                    && MessageDigest.isEqual(expected, part.substring(comma + 1).getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    private static String signature(byte[] key, String messageId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
