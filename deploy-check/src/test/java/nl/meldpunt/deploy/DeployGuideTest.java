package nl.meldpunt.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** docs/deploy.md applies every manifest, each after what it needs. */
class DeployGuideTest {

    private static final String GUIDE = Repository.read(Repository.ROOT.resolve("docs/deploy.md"));

    @Test
    void theGuideAppliesEveryManifestFileOnce() throws IOException {
        List<String> files;
        try (Stream<Path> list = Files.list(Repository.MANIFESTS)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
        assertEquals(files, applied().stream().sorted().toList());
    }

    @Test
    void theGuideAppliesTheNamespaceFirstKafkaBeforeItsTopicsAndTheDatabasesAndTheOidcSecretBeforeTheServices() {
        List<String> order = applied();
        assertEquals("00-namespace.yaml", order.get(0));
        assertTrue(order.indexOf("10-kafka.yaml") < order.indexOf("11-kafka-topics.yaml"));
        for (String service : List.of("40-incident-service.yaml", "41-investigation-service.yaml", "42-notification-service.yaml")) {
            assertTrue(order.indexOf("20-databases.yaml") < order.indexOf(service), service);
            assertTrue(order.indexOf("11-kafka-topics.yaml") < order.indexOf(service), service);
        }
        int secret = GUIDE.indexOf("create secret generic meldpunt-oidc");
        assertTrue(secret > 0 && secret < GUIDE.indexOf("-f 40-incident-service.yaml"));
    }

    @Test
    void theGuideNamesTheIdentityProviderSettingsThePartitionBoundAndThePublicOnlyWebhookNetwork() {
        for (String text : List.of("OIDC_ISSUER", "OIDC_AUDIENCE", "OIDC_PUBLIC_KEY", "QUARKUS_OIDC_AUTH_SERVER_URL",
                "MELDPUNT_WEBHOOKS_NETWORK", "PUBLIC_ONLY", "6 partitions", "operations.md#metrics")) {
            assertTrue(GUIDE.contains(text), "docs/deploy.md names " + text);
        }
    }

    private static List<String> applied() {
        List<String> files = new ArrayList<>();
        Matcher apply = Pattern.compile("kubectl apply((?: -f [\\w.-]+)+)").matcher(GUIDE);
        while (apply.find()) {
            Matcher file = Pattern.compile("-f ([\\w.-]+)").matcher(apply.group(1));
            while (file.find()) {
                files.add(file.group(1));
            }
        }
        return files;
    }
}
