package nl.meldpunt.incident.domain;

import static nl.meldpunt.contract.IncidentStatus.CLOSED;
import static nl.meldpunt.contract.IncidentStatus.INVESTIGATING;
import static nl.meldpunt.contract.IncidentStatus.REJECTED;
import static nl.meldpunt.contract.IncidentStatus.REPORTED;
import static nl.meldpunt.contract.IncidentStatus.RESOLVED;
import static nl.meldpunt.contract.IncidentStatus.TRIAGED;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import nl.meldpunt.contract.IncidentStatus;

/**
 * The incident state machine:
 *
 * <pre>
 * REPORTED --triage--> TRIAGED --first investigation opened--> INVESTIGATING
 * INVESTIGATING --every open investigation concluded--> RESOLVED --close--> CLOSED
 * REPORTED|TRIAGED --reject--> REJECTED
 * CLOSED|RESOLVED --reopen (reason)--> INVESTIGATING
 * TRIAGED --close--> CLOSED, only when no investigation is required
 * </pre>
 *
 * Re-triage (TRIAGED --triage--> TRIAGED) is allowed, so an analyst can correct severity or
 * authorities before investigations start. Details may change in every open state.
 */
public final class IncidentLifecycle {

    private static final Set<IncidentStatus> OPEN = EnumSet.of(REPORTED, TRIAGED, INVESTIGATING, RESOLVED);

    private IncidentLifecycle() {
    }

    /**
     * The status after the move, or {@link InvalidTransition} when the graph does not allow it.
     *
     * @param investigationRequired whether the incident names authorities that must investigate
     *        (only relevant to closing a triaged incident)
     */
    public static IncidentStatus next(IncidentStatus from, Transition move, boolean investigationRequired) {
        IncidentStatus to = switch (move) {
            case UPDATE -> OPEN.contains(from) ? from : null;
            case TRIAGE -> from == REPORTED || from == TRIAGED ? TRIAGED : null;
            case START_INVESTIGATION -> from == TRIAGED ? INVESTIGATING : null;
            case RESOLVE -> from == INVESTIGATING ? RESOLVED : null;
            case CLOSE -> from == RESOLVED || (from == TRIAGED && !investigationRequired) ? CLOSED : null;
            case REJECT -> from == REPORTED || from == TRIAGED ? REJECTED : null;
            case REOPEN -> from == CLOSED || from == RESOLVED ? INVESTIGATING : null;
        };
        if (to == null) {
            throw new InvalidTransition(from, move, explain(from, move, investigationRequired));
        }
        return to;
    }

    public static boolean allowed(IncidentStatus from, Transition move, boolean investigationRequired) {
        try {
            next(from, move, investigationRequired);
            return true;
        } catch (InvalidTransition e) {
            return false;
        }
    }

    private static String explain(IncidentStatus from, Transition move, boolean investigationRequired) {
        String verb = move.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        if (move == Transition.CLOSE && from == TRIAGED && investigationRequired) {
            return "cannot close a triaged incident whose required authorities still have to investigate";
        }
        if (move == Transition.UPDATE) {
            return "a " + from + " incident can no longer be changed; reopen it first";
        }
        return "cannot " + verb + " an incident that is " + from;
    }
}
