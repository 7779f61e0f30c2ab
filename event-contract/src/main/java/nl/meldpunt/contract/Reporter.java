package nl.meldpunt.contract;

/** Who reported the incident, from the token: never from the request body. */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record Reporter(String subject, String organisation) {
}
