package nl.meldpunt.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import nl.meldpunt.deploy.Repository.Manifest;

/** Every manifest in deploy/kubernetes is valid for the API that will receive it, checked without a cluster. */
class ManifestSchemaTest {

    static Stream<Manifest> manifests() {
        return Repository.manifests().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void everyManifestIsValidAgainstTheSchemaOfItsKind(Manifest manifest) {
        assertEquals(List.of(), Schemas.violations(Schemas.tree(manifest.body())), manifest.toString());
    }

    @Test
    void theManifestsHoldEveryKindTheDeploymentNeeds() {
        List<String> kinds = Repository.manifests().stream().map(Manifest::kind).distinct().sorted().toList();
        assertEquals(List.of("Cluster", "ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Kafka", "KafkaNodePool",
                "KafkaTopic", "Namespace", "NetworkPolicy", "PodDisruptionBudget", "Service"), kinds);
    }

    @Test
    void aMisspeltProbeInADeploymentFailsTheKubernetesSchema() {
        ObjectNode deployment = copy("Deployment", "incident-service");
        ObjectNode container = (ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").path(0);
        container.set("readinessProbes", container.remove("readinessProbe"));
        assertFalse(Schemas.violations(deployment).isEmpty(), "readinessProbes is not a Container field");
    }

    @Test
    void aPortGivenAsAListFailsTheKubernetesSchema() {
        ObjectNode service = copy("Service", "incident-service");
        ((ObjectNode) service.path("spec").path("ports").path(0)).putArray("port").add(8081);
        assertFalse(Schemas.violations(service).isEmpty(), "a port is a number");
    }

    @Test
    void aMisspeltFieldInAKafkaTopicFailsTheStrimziSchema() {
        ObjectNode topic = copy("KafkaTopic", "incident-events");
        ObjectNode spec = (ObjectNode) topic.path("spec");
        spec.set("partiton", spec.remove("partitions"));
        assertFalse(Schemas.violations(topic).isEmpty(), "partiton is not a KafkaTopic field");
    }

    @Test
    void anUnknownNodeRoleFailsTheStrimziSchema() {
        ObjectNode pool = copy("KafkaNodePool", "dual-role");
        ((ObjectNode) pool.path("spec")).putArray("roles").add("zookeeper");
        assertFalse(Schemas.violations(pool).isEmpty(), "a node is a controller or a broker");
    }

    @Test
    void anInstanceCountInWordsFailsTheCloudNativePgSchema() {
        ObjectNode cluster = copy("Cluster", "incident-db");
        ((ObjectNode) cluster.path("spec")).put("instances", "three");
        assertFalse(Schemas.violations(cluster).isEmpty(), "instances is a number");
    }

    @Test
    void aKindWithoutACommittedSchemaIsAViolation() {
        ObjectNode unknown = Schemas.JSON.createObjectNode().put("apiVersion", "batch/v1").put("kind", "CronJob");
        assertTrue(Schemas.violations(unknown).get(0).contains("no schema"));
    }

    private static ObjectNode copy(String kind, String name) {
        JsonNode tree = Schemas.tree(Repository.manifest(kind, name).body());
        assertEquals(List.of(), Schemas.violations(tree), "the unchanged " + kind + " is valid");
        return (ObjectNode) tree.deepCopy();
    }
}
