package nl.meldpunt.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class OpenApiContractTest {

    private static final String VALID = """
            {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
             "paths": {"/things/{id}": {"get": {"operationId": "thing",
               "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
               "responses": {"200": {"description": "OK",
                   "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                 "404": {"description": "No such thing"}}}}},
             "components": {"schemas": {"Thing": {"type": "object"}}}}
            """;

    @Test
    void aValidDocumentHasNoViolations() {
        assertEquals(List.of(), OpenApiContract.violations(VALID));
    }

    @Test
    void aResponseWithoutADescriptionIsReported() {
        List<String> found = OpenApiContract.violations(VALID.replace("\"description\": \"No such thing\"", "\"x-note\": \"-\""));
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).contains("404") && found.get(0).contains("description"), found.toString());
    }

    @Test
    void aReferenceThatDoesNotResolveIsReported() {
        assertEquals(List.of("/paths/~1things~1{id}/get/responses/200/content/application~1json/schema: "
                + "$ref #/components/schemas/Gadget does not resolve"),
                OpenApiContract.violations(VALID.replace("schemas/Thing\"", "schemas/Gadget\"")));
    }

    @Test
    void aDuplicateOperationIdIsReported() {
        String twice = VALID.replace("\"paths\": {", "\"paths\": {\"/other\": {\"get\": {\"operationId\": \"thing\", "
                + "\"responses\": {\"200\": {\"description\": \"OK\"}}}}, ");
        assertEquals(List.of("operationId thing is used by GET /other and GET /things/{id}"), OpenApiContract.violations(twice));
    }
}
