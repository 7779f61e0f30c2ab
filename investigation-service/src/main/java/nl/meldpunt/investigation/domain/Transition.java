package nl.meldpunt.investigation.domain;

/** The moves an investigation can make; see docs/design.md "Investigations". */
public enum Transition {
    /** An investigator takes it on, or it is handed to another: OPEN or IN_PROGRESS to IN_PROGRESS. */
    ASSIGN,
    /** A finding is added; the investigation stays where it is. */
    RECORD_FINDING,
    /** The authority concludes with an outcome: IN_PROGRESS to CONCLUDED. */
    CONCLUDE
}
