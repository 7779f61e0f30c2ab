package nl.meldpunt.notification.domain;

import nl.meldpunt.contract.Tlp;

/**
 * How much of an incident's obligations a reader sees (DESIGN.md "Security", TLP at every edge).
 * Analysts, and investigators whose authority investigates the incident, see everything,
 * drafts included. Viewers see states and due times only: no drafts and no free text; for
 * AMBER and AMBER_STRICT not the organisations' names either, and nothing of RED.
 */
public final class ReadPolicy {

    /** How much a reader gets. */
    public enum View { FULL, STATES, STATES_WITHOUT_NAMES, HIDDEN }

    /** The readers the policy distinguishes. */
    public enum Reader { ANALYST, INVESTIGATOR_OF_INCIDENT, OTHER_INVESTIGATOR, VIEWER }

    private ReadPolicy() {
    }

    public static View view(Reader reader, Tlp tlp) {
        return switch (reader) {
            case ANALYST, INVESTIGATOR_OF_INCIDENT -> View.FULL;
            case OTHER_INVESTIGATOR -> View.HIDDEN;
            case VIEWER -> switch (tlp == null ? Tlp.RED : tlp) {
                case CLEAR, GREEN -> View.STATES;
                case AMBER, AMBER_STRICT -> View.STATES_WITHOUT_NAMES;
                case RED -> View.HIDDEN;
            };
        };
    }

    /** Drafts assemble the case facts: only for readers with the full view. */
    public static boolean mayReadDraft(View view) {
        return view == View.FULL;
    }
}
