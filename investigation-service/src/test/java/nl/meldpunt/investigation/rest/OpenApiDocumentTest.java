package nl.meldpunt.investigation.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.localstack.OpenApiContract;

/** Tools that generate clients or configure gateways accept the document only if it is valid OpenAPI. */
@QuarkusTest
class OpenApiDocumentTest {

    @Test
    void theServedOpenApiDocumentPassesTheOfficialOpenApiSchemaAndResolvesEveryReference() {
        String document = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        assertEquals(List.of(), OpenApiContract.violations(document), document);
    }
}
