package nl.meldpunt.contract;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Data of every {@code incident.*} event: the new state, who changed it, and what changed.
 * {@code changedFields} is set on {@code incident.updated}; {@code reason} on reject, reopen
 * and close; {@code investigationId}/{@code authority} on {@code incident.investigation-started}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentEventData(IncidentSnapshot incident, Actor actor, List<String> changedFields, String reason,
        UUID investigationId, Authority authority) {
}
