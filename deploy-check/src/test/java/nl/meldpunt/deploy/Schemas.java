package nl.meldpunt.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The schemas of the kinds that deploy/kubernetes uses, from src/test/resources/schemas (README.md there
 * says where each came from). Kubernetes and CloudNativePG schemas are JSON Schema files; Strimzi's are
 * its CustomResourceDefinitions, whose openAPIV3Schema of the manifest's version is used.
 */
final class Schemas {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, String> BY_KIND = Map.ofEntries(
            Map.entry("v1/Namespace", "kubernetes/namespace-v1.json"),
            Map.entry("v1/ConfigMap", "kubernetes/configmap-v1.json"),
            Map.entry("v1/Secret", "kubernetes/secret-v1.json"),
            Map.entry("v1/Service", "kubernetes/service-v1.json"),
            Map.entry("apps/v1/Deployment", "kubernetes/deployment-apps-v1.json"),
            Map.entry("policy/v1/PodDisruptionBudget", "kubernetes/poddisruptionbudget-policy-v1.json"),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", "kubernetes/horizontalpodautoscaler-autoscaling-v2.json"),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", "kubernetes/networkpolicy-networking-v1.json"),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", "strimzi/040-Crd-kafka.yaml"),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", "strimzi/04A-Crd-kafkanodepool.yaml"),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", "strimzi/043-Crd-kafkatopic.yaml"),
            Map.entry("postgresql.cnpg.io/v1/Cluster", "cloudnative-pg/cluster-postgresql-v1.json"));

    private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();

    private Schemas() {
    }

    /** The violations of the document against the schema of its apiVersion and kind; fails for a kind without one. */
    static List<String> violations(JsonNode document) {
        String key = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        String resource = BY_KIND.get(key);
        if (resource == null) {
            return List.of(key + " has no schema in src/test/resources/schemas");
        }
        JsonSchema schema = LOADED.computeIfAbsent(key, k -> load(resource, document.path("apiVersion").asText()));
        return schema.validate(document).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    static JsonNode tree(Map<String, Object> yaml) {
        return JSON.valueToTree(yaml);
    }

    private static JsonSchema load(String resource, String apiVersion) {
        String text = resource("schemas/" + resource);
        JsonNode schema;
        try {
            if (resource.endsWith(".yaml")) {
                schema = crdSchema(JSON.valueToTree(new Yaml().load(text)), apiVersion);
            } else {
                schema = JSON.readTree(text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
    }

    /**
     * The openAPIV3Schema that a CustomResourceDefinition serves for the version, made strict: an object
     * that lists its properties rejects others unless it preserves unknown fields, as kubectl's strict
     * field validation (the default since Kubernetes 1.27) does on apply.
     */
    static JsonNode crdSchema(JsonNode crd, String apiVersion) {
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        for (JsonNode served : crd.path("spec").path("versions")) {
            if (version.equals(served.path("name").asText())) {
                JsonNode schema = served.path("schema").path("openAPIV3Schema").deepCopy();
                strict(schema);
                return schema;
            }
        }
        throw new AssertionError(crd.path("metadata").path("name").asText() + " serves no version " + version);
    }

    private static void strict(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
        }
        node.forEach(Schemas::strict);
    }

    private static String resource(String name) {
        try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("no resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
