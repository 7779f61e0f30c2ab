package nl.meldpunt.incident.domain;

import nl.meldpunt.contract.Tlp;

/**
 * What a reader may see of an incident (DESIGN.md "Security", TLP 2.0 at every edge):
 * analysts see everything; investigators see the incidents their authority investigates;
 * viewers see CLEAR and GREEN in full, AMBER and AMBER_STRICT redacted, and RED not at all.
 */
public final class TlpPolicy {

    /** How much of an incident a reader gets. */
    public enum View { FULL, REDACTED, HIDDEN }

    /** The kinds of reader the policy distinguishes. */
    public enum Reader { ANALYST, INVESTIGATOR_OF_INCIDENT, OTHER_INVESTIGATOR, VIEWER }

    private TlpPolicy() {
    }

    public static View view(Reader reader, Tlp tlp) {
        return switch (reader) {
            case ANALYST, INVESTIGATOR_OF_INCIDENT -> View.FULL;
            case OTHER_INVESTIGATOR -> View.HIDDEN;
            case VIEWER -> switch (tlp) {
                case CLEAR, GREEN -> View.FULL;
                case AMBER, AMBER_STRICT -> View.REDACTED;
                case RED -> View.HIDDEN;
            };
        };
    }
}
