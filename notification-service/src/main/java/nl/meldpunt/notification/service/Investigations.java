package nl.meldpunt.notification.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.InvestigationSnapshot;
import nl.meldpunt.notification.persistence.StoredInvestigation;

/** Which authorities investigate which incident, from investigation-events: it decides what investigators may read. */
@ApplicationScoped
public class Investigations {

    @Inject
    EntityManager em;

    /** Keeps the newest state of the investigation; an older snapshot (a replay) changes nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(InvestigationSnapshot investigation) {
        StoredInvestigation row = em.find(StoredInvestigation.class, investigation.id(), LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            row = new StoredInvestigation();
            row.id = investigation.id();
            row.incidentId = investigation.incidentId();
            row.authority = investigation.authority().name();
            row.status = investigation.status().name();
            row.version = investigation.version();
            row.persist();
        } else if (investigation.version() >= row.version) {
            row.status = investigation.status().name();
            row.version = investigation.version();
        }
    }

    /** Whether the authority has (or had) an investigation into the incident; a concluded one keeps its read access. */
    public boolean investigates(Authority authority, UUID incidentId) {
        return StoredInvestigation.count("incidentId = ?1 and authority = ?2", incidentId, authority.name()) > 0;
    }
}
