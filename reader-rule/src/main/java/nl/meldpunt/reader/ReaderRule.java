package nl.meldpunt.reader;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.contract.Visibility;

/**
 * The one reader rule of Meldpunt (docs/design.md, "The reader rule"). Every edge that lets a
 * party read a case asks it: REST reads and lists, search and its counts, {@code asOf},
 * notification drafts, webhook deliveries and streams. It is plain Java so that it is tested as
 * a table, without a service.
 *
 * <ul>
 * <li><b>Analysts</b> coordinate: they see every incident in full, and the SHARED findings, but not
 * an authority's AUTHORITY findings.</li>
 * <li><b>Investigators</b> see the incidents on which their own authority investigates, in full,
 * whatever the TLP; with every SHARED finding and their own authority's AUTHORITY findings. Any other
 * incident does not exist for them.</li>
 * <li><b>Viewers</b> (dashboards) get TLP 2.0: CLEAR and GREEN without case work or findings,
 * AMBER and AMBER_STRICT as a marking only (reference, status, severity, organisation kind), and
 * RED not at all.</li>
 * </ul>
 */
public final class ReaderRule {

    private ReaderRule() {
    }

    /**
     * What this reader may see of one case.
     *
     * @param tlp the incident's marking; {@code null} (not known yet) counts as RED
     * @param investigating the authorities that investigate the incident, or are required to
     */
    public static Sight sight(Reader reader, Tlp tlp, Collection<Authority> investigating) {
        boolean investigates = reader.authority() != null && investigating.contains(reader.authority());
        return new Sight(reader, tlp == null ? Tlp.RED : tlp, investigates);
    }

    /** For {@code asOf}: the stricter of the marking then and now decides (a case marked up stays hidden in its past). */
    public static Sight sightAsOf(Reader reader, Tlp then, Tlp now, Collection<Authority> investigating) {
        return sight(reader, stricter(then, now), investigating);
    }

    /** The stricter of two TLP markings; CLEAR is the least strict and RED the most. */
    public static Tlp stricter(Tlp a, Tlp b) {
        if (a == null || b == null) {
            return Tlp.RED;
        }
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /**
     * For queries that filter in the database: the markings at which this reader sees the field,
     * on incidents that pass {@link #onlyInvestigated(Reader)}. A search term may match a field
     * only at these markings, so that neither a hit nor a count reveals text the reader may not read.
     */
    public static Set<Tlp> tlpsShowing(Reader reader, Field field) {
        Set<Tlp> result = EnumSet.noneOf(Tlp.class);
        Set<Authority> own = reader.authority() == null ? Set.of() : Set.of(reader.authority());
        for (Tlp tlp : Tlp.values()) {
            if (sight(reader, tlp, own).shows(field)) {
                result.add(tlp);
            }
        }
        return result;
    }

    /** Whether the reader sees only the incidents on which their own authority investigates. */
    public static boolean onlyInvestigated(Reader reader) {
        return reader.is(Reader.Role.INVESTIGATOR);
    }

    /** The changes to an investigation the rule governs. */
    public enum Action { OPEN, ASSIGN, RECORD_FINDING, CONCLUDE }

    /**
     * Whether the reader may take this action on an investigation of {@code authority}. Analysts
     * coordinate: they may open an investigation for any authority, but only the authority's own
     * investigators assign it, record findings in it and conclude it.
     */
    public static boolean mayAct(Reader reader, Action action, Authority authority) {
        return switch (reader.role()) {
            case ANALYST -> action == Action.OPEN;
            case INVESTIGATOR -> reader.authority() == authority;
            case VIEWER -> false;
        };
    }

    /**
     * Whether the text of a finding may travel on a topic that every service and dashboard
     * consumes: SHARED findings only. The recording authority reads its own AUTHORITY findings
     * from investigation-service.
     */
    public static boolean findingTextOnSharedTopic(Visibility visibility) {
        return visibility == Visibility.SHARED;
    }

    static boolean shows(Reader reader, Tlp tlp, boolean investigates, Field field, Authority findingOwner) {
        boolean hidden = switch (reader.role()) {
            case ANALYST -> false;
            case INVESTIGATOR -> !investigates;
            case VIEWER -> tlp == Tlp.RED;
        };
        if (hidden) {
            return false;
        }
        boolean party = !reader.is(Reader.Role.VIEWER);
        boolean sharable = tlp == Tlp.CLEAR || tlp == Tlp.GREEN;
        return switch (field) {
            case MARKING -> true;
            case NAMES, FREE_TEXT -> party || sharable;
            case CASE_WORK, SHARED_FINDING -> party;
            case AUTHORITY_FINDING -> reader.is(Reader.Role.INVESTIGATOR) && reader.authority() == findingOwner;
        };
    }
}
