package nl.meldpunt.contract;

/** WAITING: the clock has not started; PENDING: it runs; OVERDUE can still be FULFILLED late. */
public enum ObligationState {
    WAITING, PENDING, FULFILLED, WAIVED, OVERDUE
}
