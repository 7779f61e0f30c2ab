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
 * OVERDUE can still be FULFILLED late. FULFILLED and WAIVED are final. An open obligation the
 * rules stop deriving (incident rejected, organisation renamed, facts corrected) is WITHDRAWN,
 * and reopens when the rules require it again. Every change is kept in {@link #history()} with
 * its reason.
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

    /** WAITING, PENDING or OVERDUE: something is still owed. */
    public boolean isOpen() {
        return state == ObligationState.WAITING || state == ObligationState.PENDING || state == ObligationState.OVERDUE;
    }

    /**
     * Brings the obligation in line with the rules' current requirement. A WITHDRAWN one reopens
     * (WAITING or PENDING, as its clock allows). A WAITING, PENDING or OVERDUE clock starts, stops,
     * or moves when the awareness it runs from was corrected: the deadline the law sets is the
     * corrected one. An OVERDUE obligation whose corrected deadline lies after {@code now} is
     * PENDING again; one whose corrected deadline has passed too stays OVERDUE. FULFILLED and
     * WAIVED keep the clock they had: those facts already happened. {@code at} dates the history
     * entry (the time the facts changed); {@code now} is the clock's time. True when anything changed.
     */
    public boolean reconcile(Requirement r, String context, Instant at, Instant now) {
        if (state == ObligationState.WITHDRAWN) {
            requiredByRules = true;
            clockStartedAt = r.clockStartedAt();
            dueAt = r.dueAt();
            state = clockStartedAt == null ? ObligationState.WAITING : ObligationState.PENDING;
            record(at, state, "Required again " + context + ": " + r.because() + "; reopened " + state
                    + (dueAt == null ? "" : ", due " + dueAt), SYSTEM);
            return true;
        }
        boolean changed = false;
        if (!requiredByRules) {
            requiredByRules = true;
            record(at, state, "Required again " + context + ": " + r.because(), SYSTEM);
            changed = true;
        }
        if (!isOpen()) {
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
        } else if (state == ObligationState.OVERDUE && r.dueAt().isAfter(now)) {
            record(at, ObligationState.PENDING, "Due time moved from " + dueAt + " to " + r.dueAt() + " " + context + ": "
                    + r.because() + "; no longer overdue", SYSTEM);
            state = ObligationState.PENDING;
        } else {
            record(at, state, "Due time moved from " + dueAt + " to " + r.dueAt() + " " + context + ": " + r.because()
                    + (state == ObligationState.OVERDUE ? "; still overdue" : ""), SYSTEM);
        }
        clockStartedAt = r.clockStartedAt();
        dueAt = r.dueAt();
        return true;
    }

    /**
     * The rules no longer derive this obligation: the incident was rejected, the organisation
     * renamed, personal data turned out not to be involved, severity was lowered at triage. An
     * open obligation is WITHDRAWN, with the reason in its history, so its clock raises no
     * due-soon or overdue any more; it reopens if the rules require it again. FULFILLED and
     * WAIVED stay as they are: what was submitted or decided remains the record. True when
     * anything changed.
     */
    public boolean noLongerRequired(String reason, String context, Instant at) {
        if (!requiredByRules) {
            return false;
        }
        requiredByRules = false;
        if (isOpen()) {
            ObligationState before = state;
            state = ObligationState.WITHDRAWN;
            record(at, state, "Withdrawn " + context + ": no longer required by the rules: " + reason + " (was " + before + ")",
                    SYSTEM);
        } else {
            record(at, state, "No longer required by the rules " + context + ": " + reason, SYSTEM);
        }
        return true;
    }

    /**
     * Records the submission. {@code fulfilledAt} may lie at most {@code clockSkew} after
     * {@code now}: the analyst's clock may run a little ahead, a notification cannot be submitted
     * in the future. A GDPR_ART33_AP needs the reasons for the delay (GDPR Art. 33(1)) when it was
     * submitted after its deadline, and also whenever it is OVERDUE (or past due at {@code now}),
     * even with a {@code fulfilledAt} before the deadline: nothing was recorded by the deadline,
     * and a backdated time alone must not make the delay undocumented. Other kinds accept the
     * reasons when given.
     */
    public void fulfil(Instant submittedAt, String reference, String reasonForDelay, Instant now, Duration clockSkew,
            String actor) {
        // The request's own fields first: a time in the future is wrong whatever state the obligation is in.
        if (submittedAt == null) {
            throw new InvalidField("fulfilledAt", "is required: when the notification was submitted");
        }
        if (submittedAt.isAfter(now.plus(clockSkew))) {
            throw new InvalidField("fulfilledAt", "must not be in the future: it is " + submittedAt + ", the time is now "
                    + now + " (allowing " + TimeSpan.of(clockSkew) + " for clocks that differ)");
        }
        if (reference == null || reference.isBlank()) {
            throw new InvalidField("submissionReference", "is required: the recipient's or your own reference of the submission");
        }
        if (state == ObligationState.WITHDRAWN) {
            throw new InvalidTransition(kind + " is WITHDRAWN: the rules no longer require it, so nothing is owed");
        }
        if (state == ObligationState.WAITING) {
            throw new InvalidTransition(kind + " is WAITING: its clock has not started, because "
                    + (kind == ObligationKind.NIS2_FINAL_REPORT ? "the NIS2 incident notification has not been submitted"
                            : party + "'s moment of awareness is not known yet"));
        }
        if (state != ObligationState.PENDING && state != ObligationState.OVERDUE) {
            throw new InvalidTransition(kind + " is " + state + " and cannot be fulfilled again");
        }
        if (clockStartedAt != null && submittedAt.isBefore(clockStartedAt)) {
            throw new InvalidField("fulfilledAt", "must not be before the clock started at " + clockStartedAt);
        }
        boolean late = dueAt != null && submittedAt.isAfter(dueAt);
        boolean overdue = state == ObligationState.OVERDUE || pastDue(now);
        boolean noReasons = reasonForDelay == null || reasonForDelay.isBlank();
        if (kind == ObligationKind.GDPR_ART33_AP && noReasons) {
            if (late) {
                throw new InvalidField("delayReason", "is required: submitted " + lateness(submittedAt)
                        + " after the deadline of " + dueAt + ", and GDPR Art. 33(1) requires the reasons for the delay");
            }
            if (overdue) {
                throw new InvalidField("delayReason", "is required: the deadline of " + dueAt + " passed before this "
                        + "submission was recorded, so the obligation is OVERDUE; a fulfilledAt before the deadline does not "
                        + "lift the duty to give the reasons for the delay (GDPR Art. 33(1))");
            }
        }
        state = ObligationState.FULFILLED;
        fulfilledAt = submittedAt;
        submissionReference = reference;
        delayReason = noReasons ? null : reasonForDelay;
        String timing = late ? ", " + lateness(submittedAt) + " late" + (overdue ? " (was OVERDUE)" : "")
                : overdue ? ", recorded after the deadline of " + dueAt + " had passed (was OVERDUE)" : "";
        record(now, state, "Submitted at " + submittedAt + " with reference " + reference + timing
                + (delayReason == null ? "" : "; reasons for the delay: " + delayReason), actor);
    }

    /** Waives the obligation; the justification is the documentation GDPR Art. 33(5) requires. */
    public void waive(String justification, Instant now, String actor) {
        if (state == ObligationState.WITHDRAWN) {
            throw new InvalidTransition(kind + " is WITHDRAWN: the rules no longer require it, so there is nothing to waive");
        }
        if (!isOpen()) {
            throw new InvalidTransition(kind + " is " + state + " and cannot be waived");
        }
        if (justification == null || justification.isBlank()) {
            throw new InvalidField("waiveJustification", "is required: why no notification is made must be documented "
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
