package nl.meldpunt.localstack;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Checks a service's OpenAPI document the way OpenAPI tools (code generators, gateways, linters)
 * check it before they accept it: against the official OpenAPI 3.1 JSON Schema (the structure of
 * the document: required fields such as a response's description, allowed keys, value types),
 * plus rules that the JSON Schema cannot express and that validators add (every local
 * {@code $ref} resolves, operationIds are unique). Schema Objects themselves are not checked
 * against the JSON Schema dialect.
 * The schema files are committed under {@code openapi-3.1/} (see its README), because a test
 * must not depend on the network.
 */
public final class OpenApiContract {

    private static final String SCHEMA_ID = "https://spec.openapis.org/oas/3.1/schema/2021-04-15";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = load();

    private OpenApiContract() {
    }

    private static JsonSchema load() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(m -> m.mappings(Map.of(SCHEMA_ID, "classpath:openapi-3.1/schema.json"))));
        return factory.getSchema(SchemaLocation.of(SCHEMA_ID));
    }

    /** What a validator would reject in the document, empty when it conforms. */
    public static List<String> violations(String document) {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        List<String> found = new ArrayList<>();
        if (!root.path("openapi").asText().startsWith("3.1.")) {
            found.add("openapi: expected a 3.1.x document, found '" + root.path("openapi").asText() + "'");
        }
        List<ValidationMessage> messages = new ArrayList<>(SCHEMA.validate(root));
        // A property that fails its own schema is also reported as "not evaluated" by every object
        // around it. Those echoes hide the cause, so they are shown only when nothing else is wrong.
        if (messages.stream().anyMatch(m -> !"unevaluatedProperties".equals(m.getType()))) {
            messages.removeIf(m -> "unevaluatedProperties".equals(m.getType()));
        }
        for (ValidationMessage m : messages) {
            found.add(m.getMessage());
        }
        unresolvedReferences(root, root, "", found);
        duplicateOperationIds(root, found);
        found.sort(null);
        return found;
    }

    private static void unresolvedReferences(JsonNode root, JsonNode node, String at, List<String> found) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#")
                    && root.at(ref.asText().substring(1)).isMissingNode()) {
                found.add(at + ": $ref " + ref.asText() + " does not resolve");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                unresolvedReferences(root, field.getValue(), at + "/" + field.getKey().replace("~", "~0").replace("/", "~1"),
                        found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                unresolvedReferences(root, node.get(i), at + "/" + i, found);
            }
        }
    }

    private static void duplicateOperationIds(JsonNode root, List<String> found) {
        Map<String, String> seen = new HashMap<>();
        root.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            JsonNode id = operation.getValue().get("operationId");
            if (id != null) {
                String where = operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
                String before = seen.putIfAbsent(id.asText(), where);
                if (before != null) {
                    found.add("operationId " + id.asText() + " is used by " + before + " and " + where);
                }
            }
        }));
    }
}
