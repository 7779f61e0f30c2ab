package nl.meldpunt.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import nl.meldpunt.deploy.Repository.Manifest;
import nl.meldpunt.deploy.Repository.Service;

/** Each service's manifests agree with the service's own configuration. */
class ServiceManifestsTest {

    @ParameterizedTest
    @EnumSource(Service.class)
    void theDeploymentRunsTwoInstancesOnTheServicesHttpPort(Service service) {
        assertEquals(2, Tree.at(Workloads.deployment(service), "spec", "replicas"));
        assertEquals(service.httpPort(), Workloads.port(service, "http"));
        Map<String, Object> svc = Repository.manifest("Service", service.name).body();
        assertEquals(service.httpPort(), Tree.at(svc, "spec", "ports", 0, "port"));
        assertEquals("http", Tree.string(svc, "spec", "ports", 0, "targetPort"));
        assertEquals(Tree.map(Workloads.deployment(service), "spec", "selector", "matchLabels"), Tree.map(svc, "spec", "selector"));
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void theProbesAskSmallRyeHealthWhetherTheServiceHasStartedIsLiveAndIsReady(Service service) {
        // The health paths are smallrye-health's defaults under /q: the service must use the extension
        // and not move them.
        assertTrue(service.pom().contains("<artifactId>quarkus-smallrye-health</artifactId>"), service + " has smallrye-health");
        ServiceConfiguration config = new ServiceConfiguration(service);
        assertNull(config.get("quarkus.smallrye-health.root-path"));
        assertNull(config.get("quarkus.http.non-application-root-path"));
        assertNull(config.get("quarkus.http.root-path"));
        Map<String, Object> container = Workloads.container(service);
        assertEquals(Map.of("path", "/q/health/started", "port", "http"), Tree.map(container, "startupProbe", "httpGet"));
        assertEquals(Map.of("path", "/q/health/live", "port", "http"), Tree.map(container, "livenessProbe", "httpGet"));
        assertEquals(Map.of("path", "/q/health/ready", "port", "http"), Tree.map(container, "readinessProbe", "httpGet"));
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void theContainerAsksForResourcesAndHasLimits(Service service) {
        Map<String, Object> resources = Tree.map(Workloads.container(service), "resources");
        assertEquals(Set.of("cpu", "memory"), Tree.map(resources, "requests").keySet());
        assertEquals(Set.of("cpu", "memory"), Tree.map(resources, "limits").keySet());
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void aDisruptionBudgetKeepsOneInstanceOfTheService(Service service) {
        Map<String, Object> pdb = Repository.manifest("PodDisruptionBudget", service.name).body();
        assertEquals(1, Tree.at(pdb, "spec", "minAvailable"));
        assertEquals(Tree.map(Workloads.deployment(service), "spec", "selector"), Tree.map(pdb, "spec", "selector"));
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void theDeploymentSetsEveryVariableTheServiceNeedsInProductionAndOnlyVariablesItReads(Service service) {
        ServiceConfiguration config = new ServiceConfiguration(service);
        Set<String> set = Workloads.environment(service).keySet();
        assertTrue(set.containsAll(config.requiredEnvironment()),
                service + " sets " + set + ", needs " + config.requiredEnvironment());
        for (String variable : set) {
            assertTrue(config.reads(variable), service + " does not read " + variable);
        }
    }

    @Test
    void productionNeedsKafkaTheDatabaseAndTheIdentityProvider() {
        // Guards the derivation in ServiceConfiguration.requiredEnvironment: a change there must not
        // silently empty what the checks above compare.
        for (Service service : Service.values()) {
            assertEquals(new TreeSet<>(List.of("KAFKA_BOOTSTRAP_SERVERS", "MELDPUNT_JSON_LOGS", "OIDC_AUDIENCE", "OIDC_ISSUER", "OIDC_PUBLIC_KEY",
                    "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_DATASOURCE_USERNAME")),
                    new ServiceConfiguration(service).requiredEnvironment(), service.name);
        }
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void eachServiceUsesItsOwnDatabaseClusterAndTheKafkaBootstrapService(Service service) {
        String cluster = service.database + "-db";
        Map<String, Object> db = Repository.manifest("Cluster", cluster).body();
        assertEquals(3, Tree.at(db, "spec", "instances"));
        assertEquals(service.database, Tree.string(db, "spec", "bootstrap", "initdb", "database"));
        assertEquals("jdbc:postgresql://" + cluster + "-rw:5432/" + service.database,
                Workloads.value(service, "QUARKUS_DATASOURCE_JDBC_URL"));
        for (String variable : List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")) {
            assertEquals(cluster + "-app", Tree.string(Workloads.environment(service).get(variable), "valueFrom", "secretKeyRef", "name"));
        }
        assertEquals("meldpunt-kafka-bootstrap:9092", Workloads.value(service, "KAFKA_BOOTSTRAP_SERVERS"));
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void everyTopicTheServiceConsumesAndItsDeadLetterTopicIsDeclared(Service service) {
        Map<String, Integer> declared = KafkaTopicsTest.partitionsByTopic();
        Map<String, String> consumed = new ServiceConfiguration(service).consumedTopicsWithDeadLetterTopics();
        assertFalse(consumed.isEmpty());
        consumed.forEach((topic, dlq) -> {
            assertNotNull(declared.get(topic), topic);
            assertNotNull(declared.get(dlq), dlq);
        });
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void noServiceScalesBeyondThePartitionsOfTheTopicsItConsumes(Service service) {
        Map<String, Integer> declared = KafkaTopicsTest.partitionsByTopic();
        int partitions = new ServiceConfiguration(service).consumedTopicsWithDeadLetterTopics().keySet().stream()
                .mapToInt(declared::get).min().orElseThrow();
        assertTrue((Integer) Tree.at(Workloads.deployment(service), "spec", "replicas") <= partitions);
        for (Manifest hpa : Repository.manifests("HorizontalPodAutoscaler")) {
            if (service.name.equals(Tree.string(hpa.body(), "spec", "scaleTargetRef", "name"))) {
                assertTrue((Integer) Tree.at(hpa.body(), "spec", "maxReplicas") <= partitions, hpa.toString());
            }
        }
    }

    @Test
    void incidentServiceScalesOnCpuFromTwoToThePartitionCount() {
        Map<String, Object> hpa = Repository.manifest("HorizontalPodAutoscaler", "incident-service").body();
        assertEquals("Deployment", Tree.string(hpa, "spec", "scaleTargetRef", "kind"));
        assertEquals("incident-service", Tree.string(hpa, "spec", "scaleTargetRef", "name"));
        assertEquals(2, Tree.at(hpa, "spec", "minReplicas"));
        assertEquals(KafkaTopicsTest.PARTITIONS, Tree.at(hpa, "spec", "maxReplicas"));
        assertEquals("cpu", Tree.string(hpa, "spec", "metrics", 0, "resource", "name"));
    }

    @Test
    void webhooksReachOnlyPublicAddressesInProduction() {
        assertEquals("PUBLIC_ONLY", Workloads.value(Service.NOTIFICATION, "MELDPUNT_WEBHOOKS_NETWORK"));
        assertEquals("PUBLIC_ONLY", new ServiceConfiguration(Service.NOTIFICATION).get("meldpunt.webhooks.network"));
    }
}
