package nl.meldpunt.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * asyncapi.yaml is a document that AsyncAPI tools accept: it passes the official AsyncAPI 3.0.0
 * JSON Schema, and the rules the AsyncAPI parser adds on top of the schema (references resolve,
 * an operation's messages belong to its channel, channel addresses are unique, examples match
 * their schemas). Every test names what it found, so a failure says what to fix.
 */
class AsyncApiValidityTest {

    private static final String SCHEMA_ID = "https://www.asyncapi.com/schema/3.0.0.json";
    private static final String DOCUMENT = "/asyncapi.yaml";

    private static JsonNode doc;

    @BeforeAll
    static void read() throws IOException {
        // Duplicate keys would silently lose a channel, an operation or a message: refuse them.
        ObjectMapper yaml = YAMLMapper.builder(new YAMLFactory()).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        try (InputStream in = AsyncApiValidityTest.class.getResourceAsStream(DOCUMENT)) {
            assertNotNull(in, "asyncapi.yaml is not on the classpath");
            doc = yaml.readTree(in);
        }
    }

    @Test
    void theDocumentPassesTheOfficialAsyncApi300Schema() {
        assertEquals(List.of(), schemaViolations(doc));
    }

    @Test
    void theSchemaCheckRejectsAnOperationWithoutActionAndAChannelWithAnUnknownField() {
        ObjectNode broken = doc.deepCopy();
        ((ObjectNode) broken.path("operations").path("incidentServiceSendsIncidentEvents")).remove("action");
        ((ObjectNode) broken.path("channels").path("incidentEvents")).put("partitions", 6);
        List<String> found = schemaViolations(broken);
        assertTrue(found.stream().anyMatch(f -> f.contains("action")), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.contains("partitions")), found.toString());
    }

    @Test
    void everyReferenceResolvesInTheDocumentOrToAFileNextToIt() {
        List<String> unresolved = new ArrayList<>();
        references(doc, "", (at, ref) -> {
            if (ref.startsWith("#")) {
                if (doc.at(ref.substring(1)).isMissingNode()) {
                    unresolved.add(at + ": " + ref);
                }
            } else {
                String file = ref.contains("#") ? ref.substring(0, ref.indexOf('#')) : ref;
                URL url = AsyncApiValidityTest.class.getResource(URI.create(DOCUMENT).resolve(file).getPath());
                if (url == null) {
                    unresolved.add(at + ": " + ref + " (no such file next to asyncapi.yaml)");
                }
            }
        });
        assertEquals(List.of(), unresolved);
    }

    @Test
    void everyOperationNamesAChannelOfTheDocumentAndListsOnlyMessagesOfThatChannel() {
        List<String> found = new ArrayList<>();
        doc.path("operations").fields().forEachRemaining(op -> {
            String id = op.getKey();
            String channelRef = op.getValue().path("channel").path("$ref").asText();
            if (!channelRef.matches("#/channels/[^/]+")) {
                found.add(id + ": channel must be a $ref to #/channels/<name>, is '" + channelRef + "'");
                return;
            }
            JsonNode channel = doc.at(channelRef.substring(1));
            for (JsonNode message : op.getValue().path("messages")) {
                String ref = message.path("$ref").asText();
                String prefix = channelRef + "/messages/";
                if (!ref.startsWith(prefix) || channel.path("messages").path(ref.substring(prefix.length())).isMissingNode()) {
                    found.add(id + ": " + ref + " is not a message of " + channelRef);
                }
            }
            if (!List.of("send", "receive").contains(op.getValue().path("action").asText())) {
                found.add(id + ": action must be send or receive");
            }
        });
        assertEquals(List.of(), found);
    }

    @Test
    void channelAddressesAreUniqueTopicNamesWithoutQueryOrFragment() {
        Map<String, String> seen = new HashMap<>();
        List<String> found = new ArrayList<>();
        doc.path("channels").fields().forEachRemaining(c -> {
            String address = c.getValue().path("address").asText();
            if (address.contains("?") || address.contains("#")) {
                found.add(c.getKey() + ": address " + address + " has a query or fragment");
            }
            String before = seen.putIfAbsent(address, c.getKey());
            if (before != null) {
                found.add("channels " + before + " and " + c.getKey() + " share the address " + address);
            }
            String topic = c.getValue().path("bindings").path("kafka").path("topic").asText(null);
            if (topic != null && !topic.equals(address)) {
                found.add(c.getKey() + ": Kafka topic " + topic + " differs from its address " + address);
            }
        });
        assertEquals(List.of(), found);
    }

    @Test
    void everyChannelMessageIsUsedByAnOperationAndEveryServerReferenceExists() {
        Set<String> used = new TreeSet<>();
        doc.path("operations").forEach(op -> op.path("messages").forEach(m -> used.add(m.path("$ref").asText())));
        List<String> found = new ArrayList<>();
        doc.path("channels").fields().forEachRemaining(c -> {
            c.getValue().path("messages").fieldNames().forEachRemaining(key -> {
                if (!used.contains("#/channels/" + c.getKey() + "/messages/" + key)) {
                    found.add(c.getKey() + "/" + key + " is on no operation");
                }
            });
            for (JsonNode server : c.getValue().path("servers")) {
                if (!server.path("$ref").asText().startsWith("#/servers/")) {
                    found.add(c.getKey() + ": server " + server + " is not a $ref to #/servers/<name>");
                }
            }
        });
        assertEquals(List.of(), found);
    }

    @Test
    void everyMessageExampleMatchesItsHeadersSchemaWithTheTraitApplied() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        List<String> found = new ArrayList<>();
        doc.path("components").path("messages").fields().forEachRemaining(m -> {
            JsonNode message = m.getValue();
            // AsyncAPI applies traits with JSON Merge Patch; the message's own fields win.
            JsonNode headers = JSON.createObjectNode();
            for (JsonNode trait : message.path("traits")) {
                headers = mergePatch(headers, resolve(trait).path("headers"));
            }
            headers = mergePatch(headers, message.path("headers"));
            JsonSchema schema = factory.getSchema(headers, config);
            for (JsonNode example : message.path("examples")) {
                for (ValidationMessage v : schema.validate(example.path("headers"))) {
                    found.add(m.getKey() + " example " + example.path("name").asText() + ": " + v.getMessage());
                }
            }
        });
        assertEquals(List.of(), found);
    }

    @Test
    void tagNamesAreUniqueInEveryTagListAndChannelAddressesDeclareTheirParameters() {
        List<String> found = new ArrayList<>();
        tagLists(doc, "", found);
        doc.path("channels").fields().forEachRemaining(c -> {
            java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\{([^}]+)}")
                    .matcher(c.getValue().path("address").asText());
            Set<String> inAddress = new TreeSet<>();
            while (names.find()) {
                inAddress.add(names.group(1));
            }
            Set<String> declared = new TreeSet<>();
            c.getValue().path("parameters").fieldNames().forEachRemaining(declared::add);
            if (!inAddress.equals(declared)) {
                found.add(c.getKey() + ": address parameters " + inAddress + " but declared " + declared);
            }
        });
        assertEquals(List.of(), found);
    }

    @Test
    void headerExamplesNameTheServiceThatSendsTheMessageAsItsSource() {
        // Each service's ce_source is /meldpunt/<service> (meldpunt.outbox.source in its configuration).
        List<String> found = new ArrayList<>();
        doc.path("operations").forEach(op -> {
            if (!"send".equals(op.path("action").asText())) {
                return;
            }
            String source = "/meldpunt/" + op.path("tags").path(0).path("name").asText();
            for (JsonNode ref : op.path("messages")) {
                JsonNode message = resolve(resolve(ref));
                for (JsonNode example : message.path("examples")) {
                    String declared = example.path("headers").path(CloudEventHeaders.SOURCE).asText();
                    if (!source.equals(declared)) {
                        found.add(message.path("name").asText() + " example " + example.path("name").asText() + ": "
                                + CloudEventHeaders.SOURCE + " " + declared + ", sent by " + source);
                    }
                }
            }
        });
        assertEquals(List.of(), found);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static List<String> schemaViolations(JsonNode document) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7,
                builder -> builder.schemaMappers(m -> m.mappings(Map.of(SCHEMA_ID, "classpath:asyncapi-schema/3.0.0.json"))));
        JsonSchema schema = factory.getSchema(SchemaLocation.of(SCHEMA_ID));
        return schema.validate(document).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static void tagLists(JsonNode node, String at, List<String> found) {
        if (node.isObject()) {
            JsonNode tags = node.get("tags");
            if (tags != null && tags.isArray()) {
                Set<String> names = new TreeSet<>();
                for (JsonNode tag : tags) {
                    if (!names.add(tag.path("name").asText())) {
                        found.add(at + "/tags: " + tag.path("name").asText() + " twice");
                    }
                }
            }
            node.fields().forEachRemaining(f -> tagLists(f.getValue(), at + "/" + f.getKey(), found));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                tagLists(node.get(i), at + "/" + i, found);
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private interface RefVisitor {
        void visit(String at, String ref);
    }

    private static void references(JsonNode node, String at, RefVisitor visitor) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual()) {
                visitor.visit(at, ref.asText());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                references(field.getValue(), at + "/" + field.getKey(), visitor);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                references(node.get(i), at + "/" + i, visitor);
            }
        }
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : doc.at(ref.asText().substring(1));
    }

    /** RFC 7396 JSON Merge Patch. */
    private static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.isMissingNode() ? target : patch.deepCopy();
        }
        ObjectNode result = target.isObject() ? ((ObjectNode) target).deepCopy() : JSON.createObjectNode();
        patch.fields().forEachRemaining(f -> {
            if (f.getValue().isNull()) {
                result.remove(f.getKey());
            } else {
                result.set(f.getKey(), mergePatch(result.path(f.getKey()), f.getValue()));
            }
        });
        return result;
    }
}
