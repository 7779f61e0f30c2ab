package nl.meldpunt.notification.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.meldpunt.contract.ObligationKind;
import nl.meldpunt.contract.ObligationState;
import nl.meldpunt.notification.domain.Obligation;
import nl.meldpunt.notification.persistence.StoredObligation;

/** Between the domain's {@link Obligation} and its row. */
@ApplicationScoped
public class ObligationMapper {

    private static final TypeReference<List<Obligation.Change>> HISTORY = new TypeReference<>() {
    };

    @Inject
    ObjectMapper json;

    public Obligation toDomain(StoredObligation row) {
        try {
            return new Obligation(row.id, row.incidentId, row.incidentReference, ObligationKind.valueOf(row.kind), row.party,
                    row.recipient, row.legalBasis, ObligationState.valueOf(row.state), row.clockStartedAt, row.dueAt,
                    row.fulfilledAt, row.submissionReference, row.delayReason, row.waiveJustification, row.requiredByRules,
                    row.version, json.readValue(row.history, HISTORY));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored obligation " + row.id + " is unreadable", e);
        }
    }

    /**
     * Writes the obligation into its row. A deadline that moved, or a clock that runs again
     * (WAITING, OVERDUE or WITHDRAWN becoming PENDING), re-arms the clock pass's exactly-once
     * guards: the new deadline gets its own {@code obligation.due-soon} and, if it passes, its
     * own {@code obligation.overdue}. Every change goes through here, so no path can forget it.
     */
    public void copy(Obligation o, StoredObligation row) {
        boolean moved = row.dueAt != null && !row.dueAt.equals(o.dueAt());
        boolean runsAgain = row.state != null && !ObligationState.PENDING.name().equals(row.state)
                && o.state() == ObligationState.PENDING;
        if (moved || runsAgain) {
            row.dueSoonEmittedAt = null;
            row.overdueEmittedAt = null;
        }
        row.id = o.id();
        row.incidentId = o.incidentId();
        row.incidentReference = o.incidentReference();
        row.kind = o.kind().name();
        row.party = o.party();
        row.recipient = o.recipient();
        row.state = o.state().name();
        row.legalBasis = o.legalBasis();
        row.clockStartedAt = o.clockStartedAt();
        row.dueAt = o.dueAt();
        row.fulfilledAt = o.fulfilledAt();
        row.submissionReference = o.submissionReference();
        row.delayReason = o.delayReason();
        row.waiveJustification = o.waiveJustification();
        row.requiredByRules = o.requiredByRules();
        row.version = o.version();
        try {
            row.history = json.writeValueAsString(o.history());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
