package nl.meldpunt.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** GDPR Art. 33(3)(b): the data protection officer or other contact point. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContactPoint(String name, String email, String phone) {
}
