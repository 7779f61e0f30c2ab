package nl.meldpunt.notification.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import nl.meldpunt.contract.ObligationKind;
import nl.meldpunt.contract.ObligationSnapshot;
import nl.meldpunt.contract.ObligationState;

/**
 * One legal deadline owed by one party to one recipient. States (DESIGN.md): WAITING until the
 * party's awareness is known, then PENDING; PENDING becomes FULFILLED, WAIVED or OVERDUE;
 * OVERDUE can still be FULFILLED late. FULFILLED and WAIVED are final. Every change is kept in
 * {@link #history()} with its reason.
 */
public final class Obligation {

    /** One entry of the history: the state after the change, why, and who (or "system"). */
    public record Change(Instant at, ObligationState state, String reason, String actor) {
    }

    public static final String SYSTEM = "system";

    private final UUID id;
    private final UUID incidentId;
    private final String incidentReference;
    private final ObligationKind kind;
    private final String party;
    private final String recipient;
    private final String legalBasis;
    private ObligationState state;
    private Instant clockStartedAt;
    private Instant dueAt;
    private Instant fulfilledAt;
    private String submissionReference;
    private String delayReason;
    private String waiveJustification;
    private boolean requiredByRules;
    private long version;
    private final List<Change> history;

    public Obligation(UUID id, UUID incidentId, String incidentReference, ObligationKind kind, String party, String recipient,
            String legalBasis, ObligationState state, Instant clockStartedAt, Instant dueAt, Instant fulfilledAt,
            String submissionReference, String delayReason, String waiveJustification, boolean requiredByRules, long version,
            List<Change> history) {
        this.id = id;
        this.incidentId = incidentId;
        this.incidentReference = incidentReference;
        this.kind = kind;
        this.party = party;
        this.recipient = recipient;
        this.legalBasis = legalBasis;
        this.state = state;
        this.clockStartedAt = clockStartedAt;
        this.dueAt = dueAt;
        this.fulfilledAt = fulfilledAt;
        this.submissionReference = submissionReference;
        this.delayReason = delayReason;
        this.waiveJustification = waiveJustification;
        this.requiredByRules = requiredByRules;
        this.version = version;
        this.history = new ArrayList<>(history);
    }

    /** A new obligation from a requirement: PENDING when its clock can start, WAITING otherwise. */
    public static Obligation open(UUID incidentId, String incidentReference, Requirement r, String context, Instant at) {
        ObligationState state = r.clockStartedAt() == null ? ObligationState.WAITING : ObligationState.PENDING;
        Obligation o = new Obligation(r.obligationId(incidentId), incidentId, incidentReference, r.kind(), r.party(),
                r.recipient(), r.legalBasis(), state, r.clockStartedAt(), r.dueAt(), null, null, null, null, true, 1,
                List.of());
        o.history.add(new Change(at, state, "Opened " + context + ": " + r.because(), SYSTEM));
        return o;
    }

    public boolean isOpen() {
        return state == ObligationState.WAITING || state == ObligationState.PENDING || state == ObligationState.OVERDUE;
    }

    /**
     * Brings a WAITING or PENDING obligation in line with the rules' current requirement: its
     * clock starts, or moves when the awareness it runs from was corrected. OVERDUE, FULFILLED and
     * WAIVED keep the clock they had: those facts already happened. True when anything changed.
     */
    public boolean reconcile(Requirement r, String context, Instant at) {
        boolean changed = false;
        if (!requiredByRules) {
            requiredByRules = true;
            record(at, state, "Required again " + context + ": " + r.because(), SYSTEM);
            changed = true;
        }
        if (state != ObligationState.WAITING && state != ObligationState.PENDING) {
            return changed;
        }
        if (Objects.equals(clockStartedAt, r.clockStartedAt()) && Objects.equals(dueAt, r.dueAt())) {
            return changed;
        }
        if (r.clockStartedAt() == null) {
            // The awareness this clock ran from is no longer known: the clock stops until it is.
            record(at, ObligationState.WAITING, "Clock stopped " + context + ": " + r.because(), SYSTEM);
            state = ObligationState.WAITING;
        } else if (state == ObligationState.WAITING) {
            record(at, ObligationState.PENDING, "Clock started " + context + ": " + r.because() + "; due " + r.dueAt(), SYSTEM);
            state = ObligationState.PENDING;
        } else {
            record(at, state, "Due time moved from " + dueAt + " to " + r.dueAt() + " " + context + ": " + r.because(), SYSTEM);
        }
        clockStartedAt = r.clockStartedAt();
        dueAt = r.dueAt();
        return true;
    }

    /**
     * The rules no longer require this obligation (e.g. severity lowered after triage). It stays
     * as it is: a duty that arose is discharged by fulfilling it or by waiving it with a
     * documented justification (GDPR Art. 33(5)), never by silently dropping it.
     */
    public boolean noLongerRequired(String reason, String context, Instant at) {
        if (!requiredByRules) {
            return false;
        }
        requiredByRules = false;
        record(at, state, "No longer required by the rules " + context + ": " + reason
                + (isOpen() ? ". It stays " + state + " until it is fulfilled or waived with a justification" : ""), SYSTEM);
        return true;
    }

    /**
     * Records the submission. A late GDPR_ART33_AP needs the reasons for the delay (GDPR Art.
     * 33(1)); other kinds accept them when given.
     */
    public void fulfil(Instant submittedAt, String reference, String reasonForDelay, Instant now, String actor) {
        if (state == ObligationState.WAITING) {
            throw new InvalidTransition(kind + " is WAITING: its clock has not started, because "
                    + (kind == ObligationKind.NIS2_FINAL_REPORT ? "the NIS2 incident notification has not been submitted"
                            : party + "'s moment of awareness is not known yet"));
        }
        if (state != ObligationState.PENDING && state != ObligationState.OVERDUE) {
            throw new InvalidTransition(kind + " is " + state + " and cannot be fulfilled again");
        }
        if (submittedAt == null) {
            throw new InvalidField("submittedAt", "is required: when the notification was submitted");
        }
        if (submittedAt.isAfter(now)) {
            throw new InvalidField("submittedAt", "must not be in the future");
        }
        if (clockStartedAt != null && submittedAt.isBefore(clockStartedAt)) {
            throw new InvalidField("submittedAt", "must not be before the clock started at " + clockStartedAt);
        }
        if (reference == null || reference.isBlank()) {
            throw new InvalidField("reference", "is required: the recipient's or your own reference of the submission");
        }
        boolean late = dueAt != null && submittedAt.isAfter(dueAt);
        if (late && kind == ObligationKind.GDPR_ART33_AP && (reasonForDelay == null || reasonForDelay.isBlank())) {
            throw new InvalidField("delayReason", "is required: submitted " + lateness(submittedAt)
                    + " after the deadline of " + dueAt + ", and GDPR Art. 33(1) requires the reasons for the delay");
        }
        ObligationState before = state;
        state = ObligationState.FULFILLED;
        fulfilledAt = submittedAt;
        submissionReference = reference;
        delayReason = reasonForDelay == null || reasonForDelay.isBlank() ? null : reasonForDelay;
        record(now, state, "Submitted at " + submittedAt + " with reference " + reference
                + (late ? ", " + lateness(submittedAt) + " late" + (before == ObligationState.OVERDUE ? " (was OVERDUE)" : "") : "")
                + (delayReason == null ? "" : "; reasons for the delay: " + delayReason), actor);
    }

    /** Waives the obligation; the justification is the documentation GDPR Art. 33(5) requires. */
    public void waive(String justification, Instant now, String actor) {
        if (!isOpen()) {
            throw new InvalidTransition(kind + " is " + state + " and cannot be waived");
        }
        if (justification == null || justification.isBlank()) {
            throw new InvalidField("justification", "is required: why no notification is made must be documented "
                    + "(GDPR Art. 33(5))");
        }
        state = ObligationState.WAIVED;
        waiveJustification = justification;
        record(now, state, "Waived: " + justification, actor);
    }

    /** Whether a PENDING obligation is within {@code lead} of its deadline but not past it. */
    public boolean dueSoon(Instant now, Duration lead) {
        return state == ObligationState.PENDING && dueAt != null && dueAt.isAfter(now) && !dueAt.isAfter(now.plus(lead));
    }

    public boolean pastDue(Instant now) {
        return state == ObligationState.PENDING && dueAt != null && !dueAt.isAfter(now);
    }

    public void markOverdue(Instant now) {
        if (!pastDue(now)) {
            throw new InvalidTransition(kind + " is " + state + (dueAt == null ? "" : ", due " + dueAt) + ": not overdue at " + now);
        }
        state = ObligationState.OVERDUE;
        record(now, state, "Deadline " + dueAt + " passed without a submission", SYSTEM);
    }

    private void record(Instant at, ObligationState after, String reason, String actor) {
        history.add(new Change(at, after, reason, actor));
        version++;
    }

    private String lateness(Instant submittedAt) {
        return TimeSpan.of(Duration.between(dueAt, submittedAt));
    }

    public ObligationSnapshot snapshot() {
        return new ObligationSnapshot(id, incidentId, incidentReference, kind, party, recipient, state, legalBasis,
                clockStartedAt, dueAt, fulfilledAt, submissionReference, delayReason, waiveJustification, version);
    }

    public UUID id() {
        return id;
    }

    public UUID incidentId() {
        return incidentId;
    }

    public String incidentReference() {
        return incidentReference;
    }

    public ObligationKind kind() {
        return kind;
    }

    public String party() {
        return party;
    }

    public String recipient() {
        return recipient;
    }

    public String legalBasis() {
        return legalBasis;
    }

    public ObligationState state() {
        return state;
    }

    public Instant clockStartedAt() {
        return clockStartedAt;
    }

    public Instant dueAt() {
        return dueAt;
    }

    public Instant fulfilledAt() {
        return fulfilledAt;
    }

    public String submissionReference() {
        return submissionReference;
    }

    public String delayReason() {
        return delayReason;
    }

    public String waiveJustification() {
        return waiveJustification;
    }

    public boolean requiredByRules() {
        return requiredByRules;
    }

    public long version() {
        return version;
    }

    public List<Change> history() {
        return List.copyOf(history);
    }
}
