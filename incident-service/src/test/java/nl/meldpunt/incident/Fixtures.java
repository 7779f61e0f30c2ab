package nl.meldpunt.incident;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import nl.meldpunt.localstack.SharedStack;

/** The reference case and authenticated request builders. */
public final class Fixtures {

    private Fixtures() {
    }

    /** Clinical Diagnostics, July 2025: a lab processing cervical-screening samples for the screening organisation. */
    public static String clinicalDiagnostics() {
        return """
                {
                  "title": "Ransomware and data theft at Clinical Diagnostics laboratory",
                  "summary": "Attackers exfiltrated patient data of the national cervical-cancer screening programme.",
                  "category": "RANSOMWARE",
                  "severity": "CRITICAL",
                  "tlp": "AMBER",
                  "affectedOrganization": {
                    "name": "Clinical Diagnostics NMDL",
                    "kind": "LABORATORY",
                    "sector": "HEALTHCARE",
                    "nis2Entity": "ESSENTIAL",
                    "role": "PROCESSOR"
                  },
                  "controllers": [ { "name": "Bevolkingsonderzoek Nederland", "kind": "SCREENING_ORGANISATION" } ],
                  "detectedAt": "2025-07-06T06:00:00Z",
                  "awareAt": "2025-07-06T08:00:00Z",
                  "personalData": {
                    "involved": true,
                    "specialCategories": ["HEALTH", "NATIONAL_ID_NUMBER"],
                    "estimatedDataSubjects": 485000,
                    "dataCategories": ["name", "address", "date of birth", "BSN", "test results"]
                  },
                  "suspectedMalicious": true,
                  "crossBorderImpact": false
                }
                """;
    }

    public static RequestSpecification as(String role) {
        return given().auth().oauth2(SharedStack.token(role)).contentType(ContentType.JSON);
    }

    public static RequestSpecification asInvestigator(String authority) {
        return given().auth().oauth2(SharedStack.token("investigator", authority)).contentType(ContentType.JSON);
    }

    /** Reports the reference case and returns its id. */
    public static String report() {
        return report(clinicalDiagnostics());
    }

    public static String report(String body) {
        return as("analyst").body(body).post("/incidents").then().statusCode(201).extract().path("id");
    }
}
