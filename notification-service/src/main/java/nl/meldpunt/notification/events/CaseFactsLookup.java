package nl.meldpunt.notification.events;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Severity;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.notification.persistence.StoredIncident;

/** Reads {@link CaseFacts} from the incident and investigation rows the consumers keep. */
@ApplicationScoped
public class CaseFactsLookup {

    @Inject
    EntityManager em;

    public CaseFacts facts(UUID incidentId) {
        StoredIncident incident = em.find(StoredIncident.class, incidentId);
        Set<Authority> investigating = EnumSet.noneOf(Authority.class);
        em.createQuery("select distinct i.authority from StoredInvestigation i where i.incidentId = :id", String.class)
                .setParameter("id", incidentId).getResultList().forEach(a -> investigating.add(Authority.valueOf(a)));
        if (incident == null) {
            return new CaseFacts(null, null, investigating);
        }
        return new CaseFacts(Tlp.valueOf(incident.tlp), incident.severity == null ? null : Severity.valueOf(incident.severity),
                investigating);
    }
}
