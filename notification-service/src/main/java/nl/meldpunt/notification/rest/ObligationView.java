package nl.meldpunt.notification.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import nl.meldpunt.contract.Actor;
import nl.meldpunt.contract.ObligationKind;
import nl.meldpunt.contract.ObligationState;
import nl.meldpunt.notification.domain.Obligation;
import nl.meldpunt.reader.Field;
import nl.meldpunt.reader.Sight;

/**
 * An obligation as the REST API shows it. {@code requiredByRules} is false when the incident's
 * facts no longer call for it (the history says why): an open one is then WITHDRAWN, a
 * FULFILLED or WAIVED one stays as it was. What a reader sees of it is decided by
 * the reader rule: viewers get states and due times, without case work or history, and on AMBER
 * incidents without names.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObligationView(UUID id, UUID incidentId, String incidentReference, ObligationKind kind, String party,
        String recipient, ObligationState state, String legalBasis, Instant clockStartedAt, Instant dueAt, Instant fulfilledAt,
        String submissionReference, String delayReason, String waiveJustification, boolean requiredByRules, long version,
        List<HistoryEntry> history) {

    /**
     * One state change in the history. {@code actor} has the one shape of docs/api.md ("Actor"); the
     * stored history keeps only the subject, so a person's organisation and role are in the
     * {@code obligation.*} event's actor, not here.
     */
    public record HistoryEntry(Instant at, ObligationState state, String reason, Actor actor) {

        static HistoryEntry of(Obligation.Change c) {
            Actor actor = Obligation.SYSTEM.equals(c.actor()) ? Actor.SYSTEM : new Actor(c.actor(), null, null, null);
            return new HistoryEntry(c.at(), c.state(), c.reason(), actor);
        }
    }

    /** The obligation as the reader rule lets this reader see it: names and case work only where it shows them. */
    public static ObligationView of(Obligation o, Sight sight) {
        boolean names = sight.shows(Field.NAMES);
        boolean work = sight.shows(Field.CASE_WORK);
        return new ObligationView(o.id(), o.incidentId(), o.incidentReference(), o.kind(), names ? o.party() : null,
                names ? o.recipient() : Sight.recipientWithoutNames(o.kind(), o.recipient()), o.state(), o.legalBasis(),
                o.clockStartedAt(), o.dueAt(), o.fulfilledAt(), work ? o.submissionReference() : null,
                work ? o.delayReason() : null, work ? o.waiveJustification() : null, o.requiredByRules(), o.version(),
                work ? o.history().stream().map(HistoryEntry::of).toList() : null);
    }
}
