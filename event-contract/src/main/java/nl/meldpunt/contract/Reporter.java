package nl.meldpunt.contract;

/** Who reported the incident, from the token: never from the request body. */
public record Reporter(String subject, String organisation) {
}
