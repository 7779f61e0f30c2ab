package nl.meldpunt.investigation.domain;

import java.util.Objects;
import java.util.Set;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Finding;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.contract.Visibility;

/**
 * Who may see and change what (DESIGN.md "Investigations" and "Security"):
 * <ul>
 * <li>analysts read everything and may change every investigation;</li>
 * <li>an investigator reads the investigations into incidents on which their own authority
 * investigates, with their authority's findings and every SHARED finding, never another
 * authority's AUTHORITY findings; they change only their own authority's investigations;</li>
 * <li>viewers read investigations under TLP 2.0 (CLEAR and GREEN in full, AMBER and AMBER_STRICT
 * without free text, RED not at all) and never the text of a finding; they change nothing.</li>
 * </ul>
 */
public final class AccessPolicy {

    /** How much of an investigation a reader gets. */
    public enum View { FULL, REDACTED, HIDDEN }

    public enum Role { ANALYST, INVESTIGATOR, VIEWER }

    /** A reader: their role, and for an investigator the authority in their token. */
    public record Reader(Role role, Authority authority) {
        public Reader {
            Objects.requireNonNull(role);
            if (role == Role.INVESTIGATOR && authority == null) {
                throw new IllegalArgumentException("an investigator acts for an authority");
            }
        }

        public static Reader analyst() {
            return new Reader(Role.ANALYST, null);
        }

        public static Reader investigator(Authority authority) {
            return new Reader(Role.INVESTIGATOR, authority);
        }

        public static Reader viewer() {
            return new Reader(Role.VIEWER, null);
        }
    }

    private AccessPolicy() {
    }

    /**
     * @param tlp the incident's marking
     * @param investigating the authorities with an investigation into the incident
     */
    public static View view(Reader reader, Tlp tlp, Set<Authority> investigating) {
        return switch (reader.role()) {
            case ANALYST -> View.FULL;
            case INVESTIGATOR -> investigating.contains(reader.authority()) ? View.FULL : View.HIDDEN;
            case VIEWER -> switch (tlp) {
                case CLEAR, GREEN -> View.FULL;
                case AMBER, AMBER_STRICT -> View.REDACTED;
                case RED -> View.HIDDEN;
            };
        };
    }

    /** Whether the reader sees this finding of an incident whose investigations they may read. */
    public static boolean showsFinding(Reader reader, Finding finding) {
        return switch (reader.role()) {
            case ANALYST -> true;
            case INVESTIGATOR -> finding.visibility() == Visibility.SHARED || finding.authority() == reader.authority();
            case VIEWER -> false;
        };
    }

    /** Whether the reader may open, assign, add findings to or conclude an investigation of this authority. */
    public static boolean mayChange(Reader reader, Authority authority) {
        return switch (reader.role()) {
            case ANALYST -> true;
            case INVESTIGATOR -> reader.authority() == authority;
            case VIEWER -> false;
        };
    }
}
