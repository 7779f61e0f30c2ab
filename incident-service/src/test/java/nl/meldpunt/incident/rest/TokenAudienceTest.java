package nl.meldpunt.incident.rest;

import static io.restassured.RestAssured.given;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.localstack.SharedStack;
import nl.meldpunt.localstack.Tokens;

/**
 * The identity provider signs tokens for many applications with one key and one issuer: only
 * a token whose audience is Meldpunt opens this API.
 */
@QuarkusTest
class TokenAudienceTest {

    private static final Tokens.Claims ANALYST = Tokens.Claims.of("analyst", null);

    @Test
    void aTokenForMeldpuntIsAccepted() {
        given().auth().oauth2(SharedStack.tokens().mint(ANALYST, Tokens.AUDIENCE)).get("/incidents").then().statusCode(200);
    }

    @Test
    void aTokenWithTheRightIssuerAndSignatureButAnotherAudienceIsRefused() {
        given().auth().oauth2(SharedStack.tokens().mint(ANALYST, "another-application")).get("/incidents")
                .then().statusCode(401);
    }

    @Test
    void aTokenWithTheRightIssuerAndSignatureButNoAudienceIsRefused() {
        given().auth().oauth2(SharedStack.tokens().mint(ANALYST, null)).get("/incidents").then().statusCode(401);
    }
}
