package nl.meldpunt.contract;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Something an authority established during its investigation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(UUID id, Authority authority, Visibility visibility, String text, String recordedBy, Instant recordedAt) {
}
