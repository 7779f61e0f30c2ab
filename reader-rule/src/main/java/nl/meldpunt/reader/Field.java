package nl.meldpunt.reader;

/**
 * The kinds of fact the reader rule tells apart. Every field of every record a reader can get
 * (incident, investigation, finding, obligation, draft, event) belongs to exactly one of them.
 */
public enum Field {
    /** That the case exists, and where it stands: id, reference, status, severity, TLP, organisation kind, times, states, counts. */
    MARKING,
    /** Names of organisations and people: the affected organisation, controllers, obligation parties, actors, assignees. */
    NAMES,
    /** What happened, in words: title, summary, the reported facts, reasons, an investigation's basis, summary and measures. */
    FREE_TEXT,
    /** The case work of the parties: notification drafts, submission references, delay reasons, waivers, obligation history. */
    CASE_WORK,
    /** The text of a finding that an authority shares with every authority on the incident. */
    SHARED_FINDING,
    /** The text of a finding that stays with the authority that recorded it. */
    AUTHORITY_FINDING
}
