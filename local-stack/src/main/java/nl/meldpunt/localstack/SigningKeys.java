package nl.meldpunt.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The RSA key pair that signs local bearer tokens. It is generated on first use and
 * stored next to the local data, never in git; services receive only the public half.
 */
public final class SigningKeys {

    private static final String PRIVATE_FILE = "token-signing.key";
    private static final String PUBLIC_FILE = "token-signing.pub";

    private final KeyPair pair;

    private SigningKeys(KeyPair pair) {
        this.pair = pair;
    }

    public static SigningKeys loadOrCreate(Path dir) {
        try {
            Path priv = dir.resolve(PRIVATE_FILE);
            Path pub = dir.resolve(PUBLIC_FILE);
            if (Files.exists(priv) && Files.exists(pub)) {
                KeyFactory kf = KeyFactory.getInstance("RSA");
                PrivateKey privateKey = kf.generatePrivate(new PKCS8EncodedKeySpec(decode(priv)));
                PublicKey publicKey = kf.generatePublic(new X509EncodedKeySpec(decode(pub)));
                return new SigningKeys(new KeyPair(publicKey, privateKey));
            }
            Files.createDirectories(dir);
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            KeyPair pair = gen.generateKeyPair();
            Files.writeString(pub, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(priv, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the directory is git-ignored either way
            }
            return new SigningKeys(pair);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Token signing keys unavailable in " + dir + ": " + e.getMessage(), e);
        }
    }

    public static SigningKeys generate() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            return new SigningKeys(gen.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] decode(Path file) throws IOException {
        return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
    }

    PrivateKey privateKey() {
        return pair.getPrivate();
    }

    /** Base64 X.509 encoding, the form {@code quarkus.oidc.public-key} takes. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }
}
