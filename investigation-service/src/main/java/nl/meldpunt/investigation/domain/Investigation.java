package nl.meldpunt.investigation.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Finding;
import nl.meldpunt.contract.InvestigationSnapshot;
import nl.meldpunt.contract.InvestigationStatus;
import nl.meldpunt.contract.Outcome;
import nl.meldpunt.contract.Visibility;

/**
 * One authority's investigation into one incident. Every change goes through
 * {@link InvestigationLifecycle} and raises the version by one, as each change is one event.
 * Input is checked before the state, so a malformed request is a 400 whatever the status.
 */
public final class Investigation {

    public static final int MAX_BASIS = 1_000;
    public static final int MAX_ASSIGNEE = 200;
    public static final int MAX_TEXT = 10_000;
    public static final int MAX_MEASURES = 50;
    public static final int MAX_MEASURE = 2_000;

    private final UUID id;
    private final UUID incidentId;
    private final String incidentReference;
    private final Authority authority;
    private final String basis;
    private final Instant openedAt;
    private InvestigationStatus status;
    private String assignee;
    private Instant assignedAt;
    private Instant concludedAt;
    private Outcome outcome;
    private String summary;
    private List<String> measures;
    private int findingCount;
    private long version;

    public Investigation(UUID id, UUID incidentId, String incidentReference, Authority authority, String basis,
            Instant openedAt, InvestigationStatus status, String assignee, Instant assignedAt, Instant concludedAt,
            Outcome outcome, String summary, List<String> measures, int findingCount, long version) {
        this.id = id;
        this.incidentId = incidentId;
        this.incidentReference = incidentReference;
        this.authority = authority;
        this.basis = basis;
        this.openedAt = openedAt;
        this.status = status;
        this.assignee = assignee;
        this.assignedAt = assignedAt;
        this.concludedAt = concludedAt;
        this.outcome = outcome;
        this.summary = summary;
        this.measures = measures == null ? null : List.copyOf(measures);
        this.findingCount = findingCount;
        this.version = version;
    }

    /** A new investigation in OPEN, version 1. {@code basis} says why it was opened. */
    public static Investigation open(UUID id, UUID incidentId, String incidentReference, Authority authority, String basis,
            Instant now) {
        checkOpening(authority, basis);
        return new Investigation(id, incidentId, incidentReference, authority, basis, now, InvestigationStatus.OPEN, null,
                null, null, null, null, null, 0, 1);
    }

    /** {@link InvalidInput} unless an opening names the authority and says why it opens. */
    public static void checkOpening(Authority authority, String basis) {
        List<FieldViolation> violations = new ArrayList<>();
        if (authority == null) {
            violations.add(new FieldViolation("authority", "is required"));
        }
        requireText("basis", basis, MAX_BASIS, violations);
        reject(violations);
    }

    /**
     * Assigns an investigator, or hands the investigation over to another one.
     *
     * @return false when it is already in progress with this assignee: nothing changes, no event
     */
    public boolean assign(String newAssignee, Instant now) {
        List<FieldViolation> violations = new ArrayList<>();
        requireText("assignee", newAssignee, MAX_ASSIGNEE, violations);
        reject(violations);
        if (status == InvestigationStatus.IN_PROGRESS && newAssignee.equals(assignee)) {
            return false;
        }
        status = InvestigationLifecycle.next(status, Transition.ASSIGN);
        assignee = newAssignee;
        assignedAt = now;
        version++;
        return true;
    }

    /** Records a finding of this investigation's authority; it keeps the visibility it was given. */
    public Finding recordFinding(UUID findingId, String text, Visibility visibility, String recordedBy, Instant now) {
        List<FieldViolation> violations = new ArrayList<>();
        requireText("text", text, MAX_TEXT, violations);
        if (visibility == null) {
            violations.add(new FieldViolation("visibility", "is required: AUTHORITY or SHARED"));
        }
        reject(violations);
        status = InvestigationLifecycle.next(status, Transition.RECORD_FINDING);
        findingCount++;
        version++;
        return new Finding(findingId, authority, visibility, text, recordedBy, now);
    }

    /** Concludes with an outcome the authority has the power to reach, a summary and the measures. */
    public void conclude(Outcome newOutcome, String newSummary, List<String> newMeasures, EnforcementPowers powers,
            Instant now) {
        List<FieldViolation> violations = new ArrayList<>();
        if (newOutcome == null) {
            violations.add(new FieldViolation("outcome", "is required"));
        }
        requireText("summary", newSummary, MAX_TEXT, violations);
        List<String> m = newMeasures == null ? List.of() : newMeasures;
        if (m.size() > MAX_MEASURES) {
            violations.add(new FieldViolation("measures", "must list at most " + MAX_MEASURES + " measures"));
        }
        for (int i = 0; i < m.size(); i++) {
            requireText("measures[" + i + "]", m.get(i), MAX_MEASURE, violations);
        }
        reject(violations);
        InvestigationStatus to = InvestigationLifecycle.next(status, Transition.CONCLUDE);
        if (!powers.allow(authority, newOutcome)) {
            throw new OutcomeNotAllowed(authority, newOutcome);
        }
        status = to;
        outcome = newOutcome;
        summary = newSummary;
        measures = List.copyOf(m);
        concludedAt = now;
        version++;
    }

    public InvestigationSnapshot snapshot() {
        return new InvestigationSnapshot(id, incidentId, incidentReference, authority, status, basis, assignee, openedAt,
                assignedAt, concludedAt, outcome, summary, measures, findingCount, version);
    }

    private static void requireText(String field, String value, int max, List<FieldViolation> violations) {
        if (value == null || value.isBlank()) {
            violations.add(new FieldViolation(field, "is required"));
        } else if (value.length() > max) {
            violations.add(new FieldViolation(field, "must be at most " + max + " characters"));
        }
    }

    private static void reject(List<FieldViolation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations);
        }
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

    public Authority authority() {
        return authority;
    }

    public String basis() {
        return basis;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public InvestigationStatus status() {
        return status;
    }

    public String assignee() {
        return assignee;
    }

    public Instant assignedAt() {
        return assignedAt;
    }

    public Instant concludedAt() {
        return concludedAt;
    }

    public Outcome outcome() {
        return outcome;
    }

    public String summary() {
        return summary;
    }

    public List<String> measures() {
        return measures;
    }

    public int findingCount() {
        return findingCount;
    }

    public long version() {
        return version;
    }
}
