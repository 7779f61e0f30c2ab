package nl.meldpunt.contract;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Validates event data against the JSON Schemas (draft 2020-12) of the catalogue.
 * Schemas refer to each other by {@code $id} under {@link #BASE_URI}, resolved from the classpath.
 * {@code format} (uuid, date-time, uri, email) is asserted, not only annotated as draft 2020-12 does by default,
 * so that e.g. a timestamp without offset or an id that is not a UUID is reported.
 */
public final class EventSchemas {

    public static final String BASE_URI = "https://meldpunt.nl/schemas/";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);

    public EventSchemas() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(m -> m.mapPrefix(BASE_URI, "classpath:schemas/")));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        for (EventType type : EventType.values()) {
            schemas.put(type, factory.getSchema(SchemaLocation.of(BASE_URI + type.ceType() + ".schema.json"), config));
        }
    }

    /** The problems found, empty when the data conforms. */
    public List<String> validate(EventType type, String json) {
        try {
            return validate(type, JSON.readTree(json));
        } catch (java.io.IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
    }

    public List<String> validate(EventType type, JsonNode data) {
        Set<ValidationMessage> messages = schemas.get(type).validate(data);
        return messages.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.toList());
    }
}
