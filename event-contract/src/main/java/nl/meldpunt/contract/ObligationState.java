package nl.meldpunt.contract;

/**
 * WAITING: the clock has not started; PENDING: it runs; OVERDUE can still be FULFILLED late.
 * WITHDRAWN: the rules no longer derive it (e.g. the incident was rejected); it reopens if they
 * do again. Added after the first release: consumers should tolerate states they do not know.
 */
public enum ObligationState {
    WAITING, PENDING, FULFILLED, WAIVED, OVERDUE, WITHDRAWN
}
