package nl.meldpunt.contract;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A controller whose data a processor held (GDPR Art. 28). Its own {@code awareAt}
 * starts its own 72 h clock towards the AP (Art. 33(1)); unknown until the processor tells it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Controller(String name, OrganizationKind kind, Instant awareAt) {
}
