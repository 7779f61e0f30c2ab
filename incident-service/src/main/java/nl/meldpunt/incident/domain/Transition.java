package nl.meldpunt.incident.domain;

/** The moves an incident can make; see docs/design.md "Incident lifecycle". */
public enum Transition {
    /** Analyst changes details (PATCH): the case stays where it is. */
    UPDATE,
    TRIAGE,
    /** Automatic, on the first {@code investigation.opened}. */
    START_INVESTIGATION,
    /** Automatic, once every opened investigation is concluded. */
    RESOLVE,
    CLOSE,
    REJECT,
    REOPEN
}
