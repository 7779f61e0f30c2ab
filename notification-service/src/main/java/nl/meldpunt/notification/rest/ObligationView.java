package nl.meldpunt.notification.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import nl.meldpunt.contract.ObligationKind;
import nl.meldpunt.contract.ObligationState;
import nl.meldpunt.notification.domain.Obligation;
import nl.meldpunt.notification.domain.ReadPolicy.View;

/**
 * An obligation as the REST API shows it. {@code requiredByRules} is false when the incident's
 * facts no longer call for it (the history says why): an open one is then WITHDRAWN, a
 * FULFILLED or WAIVED one stays as it was. Viewers get states and due times without free text
 * or history.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObligationView(UUID id, UUID incidentId, String incidentReference, ObligationKind kind, String party,
        String recipient, ObligationState state, String legalBasis, Instant clockStartedAt, Instant dueAt, Instant fulfilledAt,
        String submissionReference, String delayReason, String waiveJustification, boolean requiredByRules, long version,
        List<Obligation.Change> history) {

    public static ObligationView of(Obligation o, View view) {
        if (view == View.FULL) {
            return new ObligationView(o.id(), o.incidentId(), o.incidentReference(), o.kind(), o.party(), o.recipient(),
                    o.state(), o.legalBasis(), o.clockStartedAt(), o.dueAt(), o.fulfilledAt(), o.submissionReference(),
                    o.delayReason(), o.waiveJustification(), o.requiredByRules(), o.version(), o.history());
        }
        boolean names = view == View.STATES;
        // The recipient of GDPR Art. 33(2) is an organisation's name; AP, CSIRT, IGJ and "data subjects" are not.
        String recipient = names || o.kind() != ObligationKind.GDPR_ART33_2_CONTROLLER ? o.recipient() : null;
        return new ObligationView(o.id(), o.incidentId(), o.incidentReference(), o.kind(), names ? o.party() : null, recipient,
                o.state(), o.legalBasis(), o.clockStartedAt(), o.dueAt(), o.fulfilledAt(), null, null, null,
                o.requiredByRules(), o.version(), null);
    }
}
