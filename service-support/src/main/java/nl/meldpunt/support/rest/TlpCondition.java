package nl.meldpunt.support.rest;

import java.util.List;
import java.util.Set;

import nl.meldpunt.contract.Tlp;

/**
 * The SQL of the reader rule's filters on a TLP column: {@code column IN (?n, ...)} with each
 * marking bound as a positional parameter, so that searches, lists and their counts leave out in
 * the database what the caller may not see, before a page is cut.
 */
public final class TlpCondition {

    private TlpCondition() {
    }

    /**
     * @param column the TLP column, e.g. {@code tlp} or {@code c.tlp}
     * @param params the query's positional parameters so far; the markings are appended
     * @return the condition; {@code FALSE} when no marking is allowed
     */
    public static String in(String column, Set<Tlp> tlps, List<Object> params) {
        if (tlps.isEmpty()) {
            return "FALSE";
        }
        StringBuilder in = new StringBuilder(column).append(" IN (");
        String separator = "";
        for (Tlp tlp : tlps) {
            params.add(tlp.name());
            in.append(separator).append('?').append(params.size());
            separator = ", ";
        }
        return in.append(')').toString();
    }
}
