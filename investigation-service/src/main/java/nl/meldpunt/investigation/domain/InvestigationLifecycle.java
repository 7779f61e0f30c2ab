package nl.meldpunt.investigation.domain;

import static nl.meldpunt.contract.InvestigationStatus.CONCLUDED;
import static nl.meldpunt.contract.InvestigationStatus.IN_PROGRESS;
import static nl.meldpunt.contract.InvestigationStatus.OPEN;

import nl.meldpunt.contract.IncidentStatus;
import nl.meldpunt.contract.InvestigationStatus;

/**
 * The investigation state machine:
 *
 * <pre>
 * OPEN --assign--> IN_PROGRESS --assign (hand over)--> IN_PROGRESS --conclude--> CONCLUDED
 * OPEN|IN_PROGRESS --record finding--> unchanged
 * </pre>
 *
 * Concluding needs an assignee first, as docs/design.md orders the states OPEN, IN_PROGRESS, CONCLUDED;
 * nothing leaves CONCLUDED.
 */
public final class InvestigationLifecycle {

    private InvestigationLifecycle() {
    }

    /** The status after the move, or {@link InvalidTransition} when the graph does not allow it. */
    public static InvestigationStatus next(InvestigationStatus from, Transition move) {
        InvestigationStatus to = switch (move) {
            case ASSIGN -> from == OPEN || from == IN_PROGRESS ? IN_PROGRESS : null;
            case RECORD_FINDING -> from == OPEN || from == IN_PROGRESS ? from : null;
            case CONCLUDE -> from == IN_PROGRESS ? CONCLUDED : null;
        };
        if (to == null) {
            throw new InvalidTransition(from, move, explain(from, move));
        }
        return to;
    }

    public static boolean allowed(InvestigationStatus from, Transition move) {
        try {
            next(from, move);
            return true;
        } catch (InvalidTransition e) {
            return false;
        }
    }

    /**
     * An investigation can be opened on a triaged incident or one under investigation. Before triage
     * the incident has no required authorities yet; a resolved or closed incident must be reopened
     * first, so that incident-service moves it back to INVESTIGATING; a rejected one is no incident.
     */
    public static void requireInvestigable(String reference, IncidentStatus status) {
        String reason = switch (status) {
            case TRIAGED, INVESTIGATING -> null;
            case REPORTED -> "incident " + reference + " is REPORTED: it must be triaged before an investigation is opened";
            case RESOLVED, CLOSED -> "incident " + reference + " is " + status
                    + ": reopen it before opening another investigation";
            case REJECTED -> "incident " + reference + " was rejected: there is nothing to investigate";
        };
        if (reason != null) {
            throw new IncidentNotInvestigable(status, reason);
        }
    }

    private static String explain(InvestigationStatus from, Transition move) {
        if (from == CONCLUDED) {
            return switch (move) {
                case ASSIGN -> "the investigation is concluded and can no longer be assigned";
                case RECORD_FINDING -> "the investigation is concluded and takes no more findings";
                case CONCLUDE -> "the investigation is already concluded";
            };
        }
        return "an " + from + " investigation must be assigned before it can be concluded";
    }
}
