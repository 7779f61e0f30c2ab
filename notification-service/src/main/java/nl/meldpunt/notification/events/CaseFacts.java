package nl.meldpunt.notification.events;

import java.util.Set;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Severity;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.reader.Reader;
import nl.meldpunt.reader.ReaderRule;
import nl.meldpunt.reader.Sight;

/**
 * What notification-service knows of an incident now, as far as the reader rule and event filters
 * need it: its marking, its severity and the authorities that investigate it.
 *
 * @param tlp the marking; null while the incident's own events have not arrived (counts as RED)
 * @param severity null while not known
 */
public record CaseFacts(Tlp tlp, Severity severity, Set<Authority> investigating) {

    public CaseFacts {
        investigating = Set.copyOf(investigating);
    }

    public Sight sight(Reader reader) {
        return ReaderRule.sight(reader, tlp, investigating);
    }
}
