package nl.meldpunt.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

class EventExamplesTest {

    private static final EventSchemas SCHEMAS = new EventSchemas();

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    // ---- every type: schema, example, record ---------------------------------------------------

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeHasASchemaWhoseIdIsItsOwnFileName(EventType type) {
        JsonNode schema = resource(type.schemaResource());
        assertEquals(EventSchemas.BASE_URI + type.ceType() + ".schema.json", schema.path("$id").asText());
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText());
        assertFalse(schema.path("title").asText().isBlank(), "title");
        assertFalse(schema.path("description").asText().isBlank(), "description");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyExampleValidatesAgainstItsSchema(EventType type) {
        JsonNode example = resource(type.exampleResource());
        assertEquals(List.of(), SCHEMAS.validate(type, example));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyExampleReadsIntoItsRecordWithoutUnknownFieldsAndStillValidatesWhenWrittenBack(EventType type) throws IOException {
        JsonNode example = resource(type.exampleResource());
        Object data = MAPPER.treeToValue(example, dataClass(type));
        assertEquals(List.of(), SCHEMAS.validate(type, MAPPER.writeValueAsString(data)));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void fieldsAddedByALaterProducerAreTolerated(EventType type) {
        ObjectNode example = (ObjectNode) resource(type.exampleResource());
        example.put("addedInALaterVersion", "x");
        example.fields().forEachRemaining(field -> {
            if (field.getValue().isObject()) {
                ((ObjectNode) field.getValue()).put("alsoAddedLater", 42);
            }
        });
        assertEquals(List.of(), SCHEMAS.validate(type, example));
    }

    @Test
    void anExampleOfOneFamilyDoesNotPassAsAnotherFamily() {
        JsonNode obligation = resource(EventType.OBLIGATION_OPENED.exampleResource());
        assertFalse(SCHEMAS.validate(EventType.INCIDENT_REPORTED, obligation).isEmpty());
        JsonNode incident = resource(EventType.INCIDENT_REPORTED.exampleResource());
        assertFalse(SCHEMAS.validate(EventType.INVESTIGATION_OPENED, incident).isEmpty());
        assertFalse(SCHEMAS.validate(EventType.SUBSCRIPTION_DISABLED, incident).isEmpty());
    }

    @Test
    void dataThatIsNotJsonIsReportedAsAProblem() {
        assertFalse(SCHEMAS.validate(EventType.INCIDENT_REPORTED, "{not json").isEmpty());
    }

    // ---- incident family: negative cases ------------------------------------------------------

    @Test
    void incidentEventWithoutSeverityIsRejected() {
        assertRejected(EventType.INCIDENT_REPORTED, d -> obj(d, "incident").remove("severity"), "severity");
    }

    @Test
    void anAuthorityFindingCarryingItsTextIsRejectedOnTheTopic() {
        assertRejected(EventType.INVESTIGATION_FINDING_RECORDED, d -> obj(d, "finding").put("visibility", "AUTHORITY"),
                "finding");
    }

    @Test
    void anAuthorityFindingIsANoticeWithoutTextOrAuthor() {
        JsonNode data = resource(EventType.INVESTIGATION_FINDING_RECORDED.exampleResource());
        obj(data, "finding").put("visibility", "AUTHORITY").remove(List.of("text", "recordedBy"));
        assertEquals(List.of(), SCHEMAS.validate(EventType.INVESTIGATION_FINDING_RECORDED, data));
    }

    @Test
    void aSharedFindingWithoutItsTextIsRejected() {
        assertRejected(EventType.INVESTIGATION_FINDING_RECORDED, d -> obj(d, "finding").remove("text"), "text");
    }

    @Test
    void incidentEventWithoutActorIsRejected() {
        assertRejected(EventType.INCIDENT_CLOSED, d -> ((ObjectNode) d).remove("actor"), "actor");
    }

    @Test
    void incidentEventWithAnUnknownTlpIsRejected() {
        assertRejected(EventType.INCIDENT_REPORTED, d -> obj(d, "incident").put("tlp", "WHITE"), "tlp");
    }

    @Test
    void incidentEventWithAnIdThatIsNotAUuidIsRejected() {
        assertRejected(EventType.INCIDENT_REPORTED, d -> obj(d, "incident").put("id", "INC-2025-000123"), "id");
    }

    @Test
    void incidentEventWithATimeThatIsNotIso8601IsRejected() {
        assertRejected(EventType.INCIDENT_REPORTED, d -> obj(d, "incident").put("awareAt", "6 July 2025"), "awareAt");
    }

    @Test
    void incidentEventWithANegativeNumberOfDataSubjectsIsRejected() {
        assertRejected(EventType.INCIDENT_UPDATED,
                d -> obj(obj(d, "incident"), "personalData").put("estimatedDataSubjects", -1), "estimatedDataSubjects");
    }

    @Test
    void incidentUpdatedWithoutAnyChangedFieldIsRejected() {
        assertRejected(EventType.INCIDENT_UPDATED, d -> ((ObjectNode) d).putArray("changedFields"), "changedFields");
        assertRejected(EventType.INCIDENT_UPDATED, d -> ((ObjectNode) d).remove("changedFields"), "changedFields");
    }

    @Test
    void incidentTriagedWithoutRequiredAuthoritiesIsRejected() {
        assertRejected(EventType.INCIDENT_TRIAGED, d -> obj(d, "incident").remove("requiredAuthorities"), "requiredAuthorities");
    }

    @Test
    void incidentRejectedOrReopenedWithoutReasonIsRejected() {
        assertRejected(EventType.INCIDENT_REJECTED, d -> ((ObjectNode) d).remove("reason"), "reason");
        assertRejected(EventType.INCIDENT_REOPENED, d -> ((ObjectNode) d).remove("reason"), "reason");
    }

    @Test
    void incidentInvestigationStartedWithoutAuthorityIsRejected() {
        assertRejected(EventType.INCIDENT_INVESTIGATION_STARTED, d -> ((ObjectNode) d).remove("authority"), "authority");
    }

    @Test
    void incidentEventWhoseStatusContradictsItsTypeIsRejected() {
        assertRejected(EventType.INCIDENT_CLOSED, d -> obj(d, "incident").put("status", "RESOLVED"), "status");
    }

    // ---- investigation family -----------------------------------------------------------------

    @Test
    void investigationEventWithoutAuthorityIsRejected() {
        assertRejected(EventType.INVESTIGATION_OPENED, d -> obj(d, "investigation").remove("authority"), "authority");
    }

    @Test
    void investigationEventWithAnUnknownStatusIsRejected() {
        assertRejected(EventType.INVESTIGATION_ASSIGNED, d -> obj(d, "investigation").put("status", "ASSIGNED"), "status");
    }

    @Test
    void investigationConcludedWithoutOutcomeIsRejected() {
        assertRejected(EventType.INVESTIGATION_CONCLUDED, d -> obj(d, "investigation").remove("outcome"), "outcome");
    }

    @Test
    void findingRecordedWithoutFindingOrWithAnUnknownVisibilityIsRejected() {
        assertRejected(EventType.INVESTIGATION_FINDING_RECORDED, d -> ((ObjectNode) d).remove("finding"), "finding");
        assertRejected(EventType.INVESTIGATION_FINDING_RECORDED, d -> obj(d, "finding").put("visibility", "PUBLIC"), "visibility");
    }

    // ---- obligation family --------------------------------------------------------------------

    @Test
    void obligationEventWithAnUnknownKindIsRejected() {
        assertRejected(EventType.OBLIGATION_OPENED, d -> obj(d, "obligation").put("kind", "GDPR_ART99"), "kind");
    }

    @Test
    void obligationEventWithoutLegalBasisIsRejected() {
        assertRejected(EventType.OBLIGATION_OVERDUE, d -> obj(d, "obligation").remove("legalBasis"), "legalBasis");
    }

    @Test
    void obligationWaivedWithoutJustificationIsRejected() {
        assertRejected(EventType.OBLIGATION_WAIVED, d -> obj(d, "obligation").remove("waiveJustification"), "waiveJustification");
    }

    @Test
    void obligationFulfilledWhileStillPendingIsRejected() {
        assertRejected(EventType.OBLIGATION_FULFILLED, d -> obj(d, "obligation").put("state", "PENDING"), "state");
    }

    // ---- subscription -------------------------------------------------------------------------

    @Test
    void subscriptionDisabledWithoutUrlIsRejected() {
        assertRejected(EventType.SUBSCRIPTION_DISABLED, d -> ((ObjectNode) d).remove("url"), "url");
    }

    @Test
    void subscriptionDisabledWithAnEmptyReasonIsRejected() {
        assertRejected(EventType.SUBSCRIPTION_DISABLED, d -> ((ObjectNode) d).put("reason", ""), "reason");
    }

    // ---- records built in Java ----------------------------------------------------------------

    @Test
    void anIncidentReportedBuiltInJavaValidates() throws IOException {
        IncidentSnapshot incident = new IncidentSnapshot(
                UUID.fromString("0197e428-0f00-7a1c-8f3e-2d4b5c6a7b8c"), "INC-2025-000123",
                "Ransomware attack and data theft at laboratory Clinical Diagnostics", null,
                Category.RANSOMWARE, Severity.HIGH, Tlp.AMBER,
                new Organization("Clinical Diagnostics NMDL", OrganizationKind.LABORATORY, Sector.HEALTHCARE,
                        Nis2Entity.ESSENTIAL, OrganizationRole.PROCESSOR),
                List.of(new Controller("Bevolkingsonderzoek Nederland", OrganizationKind.SCREENING_ORGANISATION, null)),
                new Reporter("analyst@meldpunt.local", "Z-CERT"),
                Instant.parse("2025-07-06T06:40:00Z"), Instant.parse("2025-07-06T08:00:00Z"), Instant.parse("2025-07-07T09:12:00Z"),
                new PersonalData(true, List.of(SpecialCategory.HEALTH), 485_000L, List.of("name", "date of birth")),
                null, 485_000L, null, null, true, null,
                List.of(new Indicator(IndicatorType.IP_ADDRESS, "203.0.113.47")), null, null,
                null, IncidentStatus.REPORTED, 1, Instant.parse("2025-07-07T09:12:00Z"));
        IncidentEventData data = new IncidentEventData(incident,
                new Actor("analyst@meldpunt.local", "Z-CERT", "analyst", null), null, null, null, null);

        String json = MAPPER.writeValueAsString(data);

        assertEquals(List.of(), SCHEMAS.validate(EventType.INCIDENT_REPORTED, json), json);
        assertTrue(json.contains("\"awareAt\":\"2025-07-06T08:00:00Z\""), json);
        assertFalse(json.contains("null"), "optional fields are omitted, not null: " + json);
    }

    @Test
    void investigationObligationAndSubscriptionEventsBuiltInJavaValidate() throws IOException {
        UUID incidentId = UUID.fromString("0197e428-0f00-7a1c-8f3e-2d4b5c6a7b8c");
        InvestigationSnapshot investigation = new InvestigationSnapshot(UUID.randomUUID(), incidentId, "INC-2025-000123",
                Authority.AP, InvestigationStatus.OPEN, "Triage rule: personal data involved", null,
                Instant.parse("2025-07-07T11:30:02Z"), null, null, null, null, null, 0, 1);
        assertEquals(List.of(), SCHEMAS.validate(EventType.INVESTIGATION_OPENED,
                MAPPER.writeValueAsString(new InvestigationEventData(investigation, Actor.SYSTEM, null))));

        ObligationSnapshot obligation = new ObligationSnapshot(UUID.randomUUID(), incidentId, "INC-2025-000123",
                ObligationKind.NIS2_EARLY_WARNING, "Clinical Diagnostics NMDL", "CSIRT (Z-CERT)", ObligationState.PENDING,
                "NIS2 Art. 23(4)(a)", Instant.parse("2025-07-06T08:00:00Z"), Instant.parse("2025-07-07T08:00:00Z"),
                null, null, null, null, 1);
        assertEquals(List.of(), SCHEMAS.validate(EventType.OBLIGATION_DUE_SOON,
                MAPPER.writeValueAsString(new ObligationEventData(obligation, Actor.SYSTEM, "Due in 2 hours."))));

        assertEquals(List.of(), SCHEMAS.validate(EventType.SUBSCRIPTION_DISABLED, MAPPER.writeValueAsString(
                new SubscriptionDisabledData(UUID.randomUUID(), "https://hooks.igj.example/meldpunt", "retries exhausted"))));
    }

    // ---- common.schema.json stays in step with the Java types -----------------------------------

    @Test
    void commonDefinitionsListExactlyTheFieldsOfEachRecordAndTheValuesOfEachEnum() throws ClassNotFoundException {
        JsonNode defs = resource("/schemas/common.schema.json").path("$defs");
        assertEquals(EventSchemas.BASE_URI + "common.schema.json", resource("/schemas/common.schema.json").path("$id").asText());

        Set<Class<?>> reachable = contractTypesReachableFrom(
                IncidentEventData.class, InvestigationEventData.class, ObligationEventData.class, SubscriptionDisabledData.class);
        reachable.remove(SubscriptionDisabledData.class); // described in its own event schema, checked below
        for (Class<?> type : reachable) {
            JsonNode def = defs.path(type.getSimpleName());
            assertFalse(def.isMissingNode(), "common.schema.json has no $defs/" + type.getSimpleName());
            assertDescribes(type, def);
        }
        assertDescribes(SubscriptionDisabledData.class, resource(EventType.SUBSCRIPTION_DISABLED.schemaResource()));

        for (var it = defs.fieldNames(); it.hasNext();) {
            String name = it.next();
            assertTrue(reachable.contains(Class.forName("nl.meldpunt.contract." + name)), "$defs/" + name + " describes no contract type");
        }
    }

    private static void assertDescribes(Class<?> type, JsonNode def) {
        if (type.isEnum()) {
            Set<String> constants = Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).collect(Collectors.toSet());
            Set<String> values = new HashSet<>();
            def.path("enum").forEach(v -> values.add(v.asText()));
            assertEquals(constants, values, "enum values of " + type.getSimpleName());
        } else {
            Set<String> components = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toSet());
            Set<String> properties = new HashSet<>();
            def.path("properties").fieldNames().forEachRemaining(properties::add);
            assertEquals(components, properties, "properties of " + type.getSimpleName());
            assertTrue(def.path("additionalProperties").asBoolean(false), type.getSimpleName() + " must tolerate added fields");
        }
    }

    private static Set<Class<?>> contractTypesReachableFrom(Class<?>... roots) {
        Set<Class<?>> seen = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(roots));
        while (!todo.isEmpty()) {
            Class<?> type = todo.pop();
            if (!type.getPackageName().equals(EventType.class.getPackageName()) || !seen.add(type) || !type.isRecord()) {
                continue;
            }
            for (RecordComponent component : type.getRecordComponents()) {
                todo.push(component.getType());
                Type generic = component.getGenericType();
                if (generic instanceof ParameterizedType parameterized) {
                    for (Type argument : parameterized.getActualTypeArguments()) {
                        if (argument instanceof Class<?> c) {
                            todo.push(c);
                        }
                    }
                }
            }
        }
        return seen;
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static void assertRejected(EventType type, Consumer<JsonNode> breakIt, String field) {
        JsonNode data = resource(type.exampleResource());
        assertEquals(List.of(), SCHEMAS.validate(type, data), "the example itself must be valid");
        breakIt.accept(data);
        List<String> problems = SCHEMAS.validate(type, data);
        assertFalse(problems.isEmpty(), type.ceType() + " accepted data with a broken " + field);
        assertTrue(problems.stream().anyMatch(p -> p.contains(field)), "no problem names " + field + ": " + problems);
    }

    private static ObjectNode obj(JsonNode parent, String field) {
        JsonNode child = parent.path(field);
        assertTrue(child.isObject(), field + " is not an object");
        return (ObjectNode) child;
    }

    private static Class<?> dataClass(EventType type) {
        return switch (type.topic()) {
            case INCIDENT_EVENTS -> IncidentEventData.class;
            case INVESTIGATION_EVENTS -> InvestigationEventData.class;
            case NOTIFICATION_EVENTS -> type == EventType.SUBSCRIPTION_DISABLED ? SubscriptionDisabledData.class : ObligationEventData.class;
        };
    }

    static JsonNode resource(String path) {
        try (InputStream in = EventExamplesTest.class.getResourceAsStream(path)) {
            assertNotNull(in, "missing on the classpath: " + path);
            return MAPPER.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + path, e);
        }
    }
}
