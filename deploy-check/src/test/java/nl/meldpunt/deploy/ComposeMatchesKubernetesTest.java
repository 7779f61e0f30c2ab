package nl.meldpunt.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import nl.meldpunt.deploy.Repository.Service;

/**
 * docker-compose.yml and deploy/kubernetes describe the same services: the same variables, ports, health
 * paths and topics, each also checked against the services' configuration, so that neither drifts.
 */
class ComposeMatchesKubernetesTest {

    private static final Pattern HEALTH_URL = Pattern.compile("http://localhost:(\\d+)(/q/health/\\w+)");
    private static final Pattern TOPIC_LOOP = Pattern.compile("for (\\w+) in ([^;]+); do(.*?)done", Pattern.DOTALL);
    private static final Pattern PARTITIONS = Pattern.compile("--partitions (\\d+)");

    @ParameterizedTest
    @EnumSource(Service.class)
    void composeSetsTheSameVariablesAsTheDeployment(Service service) {
        assertEquals(new TreeSet<>(Workloads.environment(service).keySet()), new TreeSet<>(composeEnvironment(service).keySet()));
        ServiceConfiguration config = new ServiceConfiguration(service);
        for (String variable : composeEnvironment(service).keySet()) {
            assertTrue(config.reads(variable), service + " does not read " + variable);
        }
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void composeAndTheDeploymentUseTheSameDatabaseIssuerAudienceAndWebhookNetwork(Service service) {
        Map<String, Object> env = composeEnvironment(service);
        assertEquals(database(Workloads.value(service, "QUARKUS_DATASOURCE_JDBC_URL")), database(String.valueOf(env.get("QUARKUS_DATASOURCE_JDBC_URL"))));
        assertEquals(service.database, database(String.valueOf(env.get("QUARKUS_DATASOURCE_JDBC_URL"))));
        assertEquals(Workloads.value(service, "OIDC_AUDIENCE"), env.get("OIDC_AUDIENCE"));
        assertEquals(new ServiceConfiguration(service).get("quarkus.oidc.token.audience"), "${OIDC_AUDIENCE:" + env.get("OIDC_AUDIENCE") + "}");
        if (env.containsKey("MELDPUNT_WEBHOOKS_NETWORK")) {
            assertEquals(Workloads.value(service, "MELDPUNT_WEBHOOKS_NETWORK"), env.get("MELDPUNT_WEBHOOKS_NETWORK"));
        }
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void composePublishesTheSamePortTheServiceListensOnAndTheDeploymentDeclares(Service service) {
        int port = service.httpPort();
        assertEquals(List.of(port + ":" + port), composeService(service).get("ports"));
        assertEquals(port, Workloads.port(service, "http"));
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void composeChecksHealthOnTheReadinessPathOfTheDeployment(Service service) {
        Matcher url = HEALTH_URL.matcher(String.valueOf(Tree.at(composeService(service), "healthcheck", "test")));
        assertTrue(url.find(), service + " compose healthcheck asks /q/health");
        assertEquals(service.httpPort(), Integer.parseInt(url.group(1)));
        assertEquals(Tree.string(Workloads.container(service), "readinessProbe", "httpGet", "path"), url.group(2));
    }

    @Test
    void composeCreatesTheSameTopicsWithTheSamePartitionsAsTheKafkaTopics() {
        Map<String, Integer> compose = new TreeMap<>();
        Matcher loop = TOPIC_LOOP.matcher(String.valueOf(Tree.at(Repository.compose(), "services", "kafka-topics", "command")));
        while (loop.find()) {
            Matcher partitions = PARTITIONS.matcher(loop.group(3));
            assertTrue(partitions.find(), "partitions for " + loop.group(2));
            for (String topic : loop.group(2).replace("\\", " ").trim().split("\\s+")) {
                compose.put(topic, Integer.parseInt(partitions.group(1)));
            }
        }
        assertEquals(KafkaTopicsTest.partitionsByTopic(), compose);
    }

    @Test
    void composeUsesTheSamePostgresMajorVersionAsTheDatabaseClusters() {
        String major = Tree.string(Repository.compose(), "services", "postgres", "image").replaceAll(".*:", "");
        Set<String> clusters = new TreeSet<>();
        Repository.manifests("Cluster").forEach(c -> clusters.add(Tree.string(c.body(), "spec", "imageName").replaceAll(".*:", "")));
        assertEquals(Set.of(major), clusters);
    }

    private static Map<String, Object> composeService(Service service) {
        return Tree.map(Repository.compose(), "services", service.name);
    }

    private static Map<String, Object> composeEnvironment(Service service) {
        return Tree.map(composeService(service), "environment");
    }

    private static String database(String jdbcUrl) {
        return jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
    }
}
