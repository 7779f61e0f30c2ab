package nl.meldpunt.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Who caused a change: taken from the bearer token, or {@code system} for automatic transitions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Actor(String subject, String organisation, String role, String authority) {

    public static final Actor SYSTEM = new Actor("system", "Meldpunt", "system", null);
}
