package nl.meldpunt.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Data of every {@code investigation.*} event; {@code finding} is set on {@code finding-recorded}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvestigationEventData(InvestigationSnapshot investigation, Actor actor, Finding finding) {
}
