package nl.meldpunt.notification.service;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.notification.domain.Obligation;
import nl.meldpunt.notification.persistence.StoredIncident;
import nl.meldpunt.reader.Field;
import nl.meldpunt.reader.ReaderRule;
import nl.meldpunt.reader.Sight;
import nl.meldpunt.support.rest.Caller;
import nl.meldpunt.support.rest.ProblemException;

/**
 * Asks the reader rule what the caller of this request may see of each incident's obligations.
 * An obligation of an incident the caller may not know of answers 404, as if it did not exist.
 */
@RequestScoped
public class ObligationAccess {

    @Inject
    EntityManager em;

    @Inject
    Investigations investigations;

    private final Map<UUID, Sight> sights = new HashMap<>();

    public Sight sight(Caller caller, UUID incidentId) {
        return sights.computeIfAbsent(incidentId, id -> {
            StoredIncident incident = em.find(StoredIncident.class, id);
            Tlp tlp = incident == null ? null : Tlp.valueOf(incident.tlp);
            Set<Authority> investigating = caller.authority()
                    .filter(a -> investigations.investigates(a, id)).map(Set::of).orElse(Set.of());
            return ReaderRule.sight(caller.reader(), tlp, investigating);
        });
    }

    /** What the caller may see of the obligation; 404 when its incident does not exist for them. */
    public Sight require(Caller caller, Obligation o) {
        Sight sight = sight(caller, o.incidentId());
        if (sight.hidden()) {
            throw ProblemException.notFound("no obligation " + o.id());
        }
        return sight;
    }

    /** Drafts assemble the case facts: case work, for analysts and investigating authorities only. */
    public void requireDraft(Caller caller, Obligation o) {
        if (!require(caller, o).shows(Field.CASE_WORK)) {
            throw ProblemException.forbidden("drafts carry the case facts and are shown only to analysts and investigating "
                    + "authorities; viewers see states and due times");
        }
    }
}
