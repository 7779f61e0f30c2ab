package nl.meldpunt.notification.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import nl.meldpunt.contract.ObligationKind;
import nl.meldpunt.contract.ObligationState;

/**
 * The content a notification must carry, assembled from the case facts, section by section as
 * the article lists it. {@code missing} names every field still unknown, so a notification can
 * go out in phases (GDPR Art. 33(4)) and the analyst sees what to find out next.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NotificationDraft(UUID obligationId, UUID incidentId, String incidentReference, ObligationKind kind,
        String legalBasis, String party, String recipient, ObligationState state, Instant clockStartedAt, Instant dueAt,
        List<Section> sections, List<Missing> missing, boolean complete, List<String> notes) {

    /** One part of the notification, e.g. GDPR Art. 33(3)(b) "contact point". */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Section(String heading, String basis, List<Item> items) {
    }

    /** One fact: the incident field it comes from, what it means for the recipient, and its value (absent while unknown). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String field, String label, Object value) {
    }

    /** A fact the article asks for that the incident does not state yet. */
    public record Missing(String field, String label, String basis) {
    }
}
