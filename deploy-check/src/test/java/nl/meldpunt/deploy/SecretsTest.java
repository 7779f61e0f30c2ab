package nl.meldpunt.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import nl.meldpunt.deploy.Repository.Manifest;

/** No secret value is in the repository; every Secret a service needs is made by an operator or by hand. */
class SecretsTest {

    private static final Pattern SECRET_NAME = Pattern.compile("(?i)PASSWORD|SECRET|PRIVATE|TOKEN|_KEY$");

    @Test
    void noSecretManifestCarriesAValue() {
        List<String> found = new ArrayList<>();
        for (Manifest secret : Repository.manifests("Secret")) {
            for (String field : List.of("data", "stringData")) {
                Tree.map(secret.body(), field).forEach((key, value) -> {
                    if (value != null && !String.valueOf(value).isEmpty()) {
                        found.add(secret + " " + field + "." + key);
                    }
                });
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void noConfigMapOrLiteralVariableHoldsASecret() {
        List<String> found = new ArrayList<>();
        for (Manifest configMap : Repository.manifests("ConfigMap")) {
            Tree.map(configMap.body(), "data").keySet().stream().filter(k -> SECRET_NAME.matcher(k).find())
                    .forEach(k -> found.add(configMap + " " + k));
        }
        for (Manifest deployment : Repository.manifests("Deployment")) {
            for (Object container : Tree.list(deployment.body(), "spec", "template", "spec", "containers")) {
                for (Object env : Tree.list(container, "env")) {
                    String name = Tree.string(env, "name");
                    if (SECRET_NAME.matcher(name).find() && Tree.at(env, "valueFrom", "secretKeyRef") == null) {
                        found.add(deployment + " " + name + " is not from a Secret");
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void everySecretAServiceReadsIsMadeByCloudNativePgOrByACommandInTheDeployGuide() {
        Set<String> made = new TreeSet<>();
        for (Manifest cluster : Repository.manifests("Cluster")) {
            made.add(cluster.name() + "-app");
        }
        Matcher created = Pattern.compile("kubectl[^\\n]*create secret generic ([a-z0-9-]+)")
                .matcher(Repository.read(Repository.ROOT.resolve("docs/deploy.md")));
        while (created.find()) {
            made.add(created.group(1));
        }
        Set<String> read = new TreeSet<>();
        for (Manifest deployment : Repository.manifests("Deployment")) {
            for (Object container : Tree.list(deployment.body(), "spec", "template", "spec", "containers")) {
                for (Object env : Tree.list(container, "env")) {
                    String secret = Tree.string(env, "valueFrom", "secretKeyRef", "name");
                    if (secret != null) {
                        read.add(secret);
                    }
                }
            }
        }
        assertTrue(made.containsAll(read), "read " + read + ", made " + made);
        assertTrue(read.contains("meldpunt-oidc"));
    }

    @Test
    void theComposeFileTakesTheTokenKeyAndTheSuperuserPasswordFromTheEnvironment() {
        Map<String, Object> compose = Repository.compose();
        assertTrue(Tree.string(compose, "x-service-env", "OIDC_PUBLIC_KEY").startsWith("${OIDC_PUBLIC_KEY"));
        assertTrue(Tree.string(compose, "services", "postgres", "environment", "POSTGRES_PASSWORD").startsWith("${POSTGRES_PASSWORD"));
    }
}
