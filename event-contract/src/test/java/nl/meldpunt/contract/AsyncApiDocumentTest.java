package nl.meldpunt.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.Yaml;

class AsyncApiDocumentTest {

    private static Map<String, Object> doc;

    @BeforeAll
    static void parse() throws IOException {
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream("/asyncapi.yaml")) {
            assertNotNull(in, "asyncapi.yaml is not on the classpath");
            doc = new Yaml().load(in);
        }
    }

    @Test
    void documentIsAsyncApi300() {
        assertEquals("3.0.0", String.valueOf(doc.get("asyncapi")));
        assertFalse(String.valueOf(map(doc, "info").get("title")).isBlank());
    }

    @Test
    void eachTopicIsAChannelWithSixPartitionsAndItsDeadLetterTopicNamed() {
        Map<String, Object> channels = map(doc, "channels");
        assertEquals(Topic.values().length, channels.size(), "channels: " + channels.keySet());
        for (Topic topic : Topic.values()) {
            Map<String, Object> channel = channelFor(topic);
            Map<String, Object> kafka = map(map(channel, "bindings"), "kafka");
            assertEquals(topic.topicName(), kafka.get("topic"));
            assertEquals(6, kafka.get("partitions"));
            assertEquals(topic.deadLetterTopicNames(), channel.get("x-dead-letter-topics"));
            topic.deadLetterTopicNames().forEach(dlq -> assertTrue(String.valueOf(channel.get("description")).contains(dlq), dlq));
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeIsAMessageOnTheChannelOfItsTopicWithAPayloadSchemaOnTheClasspath(EventType type) {
        String key = messageKeyFor(type);
        assertTrue(map(channelFor(type.topic()), "messages").containsKey(key), key + " is not on channel " + type.topic().topicName());

        Map<String, Object> message = map(map(map(doc, "components"), "messages"), key);
        assertEquals("application/json", message.get("contentType"));
        String payloadRef = payloadRef(message);
        assertEquals("./schemas/" + type.ceType() + ".schema.json", payloadRef);
        assertNotNull(getClass().getResource(payloadRef.substring(1)), payloadRef + " is not on the classpath");
        assertEquals(type.schemaResource(), payloadRef.substring(1));
    }

    @Test
    void everyMessageIsAnEventTypeOfTheCatalogue() {
        Set<String> ceTypes = Arrays.stream(EventType.values()).map(EventType::ceType).collect(Collectors.toSet());
        map(map(doc, "components"), "messages").forEach((key, message) -> assertTrue(
                ceTypes.contains(((Map<?, ?>) message).get("name")), key + " names no EventType"));
    }

    @Test
    void everyMessageCarriesTheCloudEventsBinaryModeHeaders() {
        Map<String, Object> trait = map(map(map(doc, "components"), "messageTraits"), "cloudEventsKafkaBinary");
        Map<String, Object> headers = map(trait, "headers");
        Set<String> declared = map(headers, "properties").keySet();
        List<String> expected = List.of(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.ID, CloudEventHeaders.SOURCE,
                CloudEventHeaders.TYPE, CloudEventHeaders.SUBJECT, CloudEventHeaders.TIME, CloudEventHeaders.SEQUENCE,
                CloudEventHeaders.TRACEPARENT, CloudEventHeaders.CONTENT_TYPE);
        assertTrue(declared.containsAll(expected), "declared headers: " + declared);
        assertEquals(CloudEventHeaders.SPEC_VERSION_VALUE, String.valueOf(map(map(headers, "properties"), CloudEventHeaders.SPEC_VERSION).get("const")));
        assertEquals(CloudEventHeaders.JSON, map(map(headers, "properties"), CloudEventHeaders.CONTENT_TYPE).get("const"));

        for (EventType type : EventType.values()) {
            Map<String, Object> message = map(map(map(doc, "components"), "messages"), messageKeyFor(type));
            List<Object> traits = list(message, "traits");
            assertEquals(List.of(Map.of("$ref", "#/components/messageTraits/cloudEventsKafkaBinary")), traits, type.ceType());
            Object ceType = map(map(map(message, "headers"), "properties"), CloudEventHeaders.TYPE).get("const");
            assertEquals(type.ceType(), ceType);
        }
    }

    @Test
    void headerExamplesCarryEveryRequiredHeaderAndTheirOwnType() {
        Map<String, Object> headers = map(map(map(map(doc, "components"), "messageTraits"), "cloudEventsKafkaBinary"), "headers");
        List<Object> required = list(headers, "required");
        for (EventType type : EventType.values()) {
            Map<String, Object> message = map(map(map(doc, "components"), "messages"), messageKeyFor(type));
            for (Object example : list(message, "examples")) {
                Map<String, Object> exampleHeaders = map(cast(example), "headers");
                assertTrue(exampleHeaders.keySet().containsAll(required), type.ceType() + " example misses headers");
                assertEquals(type.ceType(), exampleHeaders.get(CloudEventHeaders.TYPE));
            }
        }
    }

    @Test
    void servicesSendTheirOwnTopicAndReceiveTheOthersAsDesigned() {
        Map<String, Set<String>> sends = new HashMap<>();
        Map<String, Set<String>> receives = new HashMap<>();
        map(doc, "operations").forEach((id, value) -> {
            Map<String, Object> operation = cast(value);
            String service = String.valueOf(cast(list(operation, "tags").get(0)).get("name"));
            String channelRef = String.valueOf(map(operation, "channel").get("$ref"));
            String address = String.valueOf(map(map(doc, "channels"), channelRef.substring("#/channels/".length())).get("address"));
            Map<String, Set<String>> target = "send".equals(operation.get("action")) ? sends : receives;
            target.computeIfAbsent(service, s -> new java.util.TreeSet<>()).add(address);
            for (Object message : list(operation, "messages")) {
                assertTrue(String.valueOf(cast(message).get("$ref")).startsWith(channelRef + "/messages/"),
                        id + " lists a message of another channel");
            }
        });
        String incidents = Topic.INCIDENT_EVENTS.topicName();
        String investigations = Topic.INVESTIGATION_EVENTS.topicName();
        String notifications = Topic.NOTIFICATION_EVENTS.topicName();
        assertEquals(Map.of("incident-service", Set.of(incidents), "investigation-service", Set.of(investigations),
                "notification-service", Set.of(notifications)), sends);
        assertEquals(Map.of("incident-service", Set.of(investigations), "investigation-service", Set.of(incidents),
                "notification-service", Set.of(incidents, investigations, notifications)), receives);
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** components/messages key of the message whose name is the type's ce_type. */
    private static String messageKeyFor(EventType type) {
        Map<String, Object> messages = new LinkedHashMap<>(map(map(doc, "components"), "messages"));
        List<String> keys = messages.entrySet().stream()
                .filter(e -> type.ceType().equals(((Map<?, ?>) e.getValue()).get("name")))
                .map(Map.Entry::getKey).collect(Collectors.toList());
        assertEquals(1, keys.size(), "messages named " + type.ceType() + ": " + keys);
        return keys.get(0);
    }

    private static Map<String, Object> channelFor(Topic topic) {
        List<Map<String, Object>> found = map(doc, "channels").values().stream().map(AsyncApiDocumentTest::cast)
                .filter(c -> topic.topicName().equals(c.get("address"))).collect(Collectors.toList());
        assertEquals(1, found.size(), "channels with address " + topic.topicName());
        return found.get(0);
    }

    /** Either a plain Schema Object {$ref} or a Multi Format Schema Object {schemaFormat, schema: {$ref}}. */
    private static String payloadRef(Map<String, Object> message) {
        Map<String, Object> payload = map(message, "payload");
        Object ref = payload.containsKey("schema") ? map(payload, "schema").get("$ref") : payload.get("$ref");
        assertNotNull(ref, "payload without $ref");
        return String.valueOf(ref);
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertTrue(value instanceof Map, key + " is missing or not a mapping");
        return cast(value);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertTrue(value instanceof List, key + " is missing or not a sequence");
        return (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }
}
