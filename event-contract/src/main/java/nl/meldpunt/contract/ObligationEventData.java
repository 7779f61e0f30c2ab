package nl.meldpunt.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Data of every {@code obligation.*} event. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObligationEventData(ObligationSnapshot obligation, Actor actor, String note) {
}
