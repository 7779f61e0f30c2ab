package nl.meldpunt.investigation.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import nl.meldpunt.contract.Actor;
import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.Finding;
import nl.meldpunt.contract.InvestigationEventData;
import nl.meldpunt.contract.InvestigationSnapshot;
import nl.meldpunt.contract.Outcome;
import nl.meldpunt.contract.Visibility;
import nl.meldpunt.investigation.config.InvestigationConfig;
import nl.meldpunt.investigation.domain.IncidentFacts;
import nl.meldpunt.investigation.domain.Investigation;
import nl.meldpunt.investigation.domain.InvestigationLifecycle;
import nl.meldpunt.investigation.persistence.StoredIncident;
import nl.meldpunt.investigation.persistence.StoredInvestigation;
import nl.meldpunt.reader.ReaderRule;
import nl.meldpunt.reader.ReaderRule.Action;
import nl.meldpunt.support.inbox.Inbox;
import nl.meldpunt.support.inbox.IncomingEvent;
import nl.meldpunt.support.outbox.EventLog;
import nl.meldpunt.support.outbox.TimeOrderedUuid;
import nl.meldpunt.support.rest.Caller;
import nl.meldpunt.support.rest.ETags;
import nl.meldpunt.support.rest.Problem;
import nl.meldpunt.support.rest.ProblemException;

/**
 * Every change to an investigation: load under a row lock, check the caller's authority and
 * If-Match, let the domain decide, store the row and append the event, all in one transaction.
 * Openings lock the incident's row, so a routed and a manual opening for the same authority
 * cannot both pass the "not yet investigated" check; the unique constraint backs that up.
 */
@ApplicationScoped
public class InvestigationService {

    @Inject
    EntityManager em;

    @Inject
    EventLog eventLog;

    @Inject
    Inbox inbox;

    @Inject
    InvestigationMapper mapper;

    @Inject
    InvestigationAccess access;

    @Inject
    InvestigationConfig config;

    @Inject
    Clock clock;

    /**
     * An incident event, applied once: learn the incident's new state and, on {@code incident.triaged},
     * open an investigation for each required authority that does not investigate it yet. A
     * redelivery changes nothing; a re-triage opens only for authorities it adds.
     *
     * @return the investigations opened
     */
    @Transactional
    public List<InvestigationSnapshot> apply(IncomingEvent event, IncidentFacts incident) {
        if (!inbox.firstDelivery(event)) {
            return List.of();
        }
        learn(incident);
        if (event.type() != EventType.INCIDENT_TRIAGED) {
            return List.of();
        }
        Set<Authority> investigating = investigatingAuthorities(incident.id());
        List<InvestigationSnapshot> opened = new ArrayList<>();
        for (Authority authority : Authority.values()) {
            if (incident.requiredAuthorities().contains(authority) && !investigating.contains(authority)) {
                opened.add(persistOpened(Investigation.open(TimeOrderedUuid.next(), incident.id(), incident.reference(),
                        authority, incident.basisAtTriage(), now()), Actor.SYSTEM));
            }
        }
        return opened;
    }

    /** {@code POST /investigations}: an authority opens an investigation by hand. */
    @Transactional
    public InvestigationSnapshot open(UUID incidentId, Authority authority, String basis, Caller caller) {
        if (incidentId == null) {
            throw ProblemException.invalid("incidentId", "is required");
        }
        Investigation.checkOpening(authority, basis);
        if (!ReaderRule.mayAct(caller.reader(), Action.OPEN, authority)) {
            throw ProblemException.forbidden("you act for " + caller.authority().map(Enum::name).orElse("no authority")
                    + " and cannot open an investigation for " + authority);
        }
        StoredIncident row = em.find(StoredIncident.class, incidentId, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            throw ProblemException.unprocessable("incidentId", "incident " + incidentId
                    + " is not known to investigation-service; incidents arrive from incident-events shortly after they change");
        }
        IncidentFacts incident = mapper.toFacts(row);
        Investigation investigation = Investigation.open(TimeOrderedUuid.next(), incidentId, incident.reference(), authority,
                basis, now());
        InvestigationLifecycle.requireInvestigable(incident.reference(), incident.status());
        // A new round is allowed once the authority's earlier investigation concluded (a reopened incident);
        // two open at once for one authority never are, and a partial unique index backs that up.
        if (openAuthorities(incidentId).contains(authority)) {
            throw new ProblemException(409, "invalid-state", "Conflict with the current state",
                    authority + " already investigates incident " + incident.reference(),
                    List.of(new Problem.FieldError("authority", "already has an open investigation into this incident")));
        }
        return persistOpened(investigation, caller.actor());
    }

    @Transactional
    public InvestigationSnapshot assign(UUID id, String assignee, String ifMatch, Caller caller) {
        StoredInvestigation row = lockForChange(id, ifMatch, caller, Action.ASSIGN);
        Investigation investigation = mapper.toDomain(row);
        if (investigation.assign(assignee, now())) {
            save(row, investigation, EventType.INVESTIGATION_ASSIGNED, caller.actor(), null);
        }
        return investigation.snapshot();
    }

    /** Records a finding; it is returned as recorded, with the investigation's authority. */
    @Transactional
    public Recorded recordFinding(UUID id, String text, Visibility visibility, String ifMatch, Caller caller) {
        StoredInvestigation row = lockForChange(id, ifMatch, caller, Action.RECORD_FINDING);
        Investigation investigation = mapper.toDomain(row);
        Finding finding = investigation.recordFinding(TimeOrderedUuid.next(), text, visibility, caller.subject(), now());
        mapper.toRow(finding, investigation).persist();
        save(row, investigation, EventType.INVESTIGATION_FINDING_RECORDED, caller.actor(), finding);
        return new Recorded(finding, investigation.snapshot());
    }

    /** A recorded finding and the investigation it changed. */
    public record Recorded(Finding finding, InvestigationSnapshot investigation) {
    }

    @Transactional
    public InvestigationSnapshot conclude(UUID id, Outcome outcome, String summary, List<String> measures, String ifMatch,
            Caller caller) {
        StoredInvestigation row = lockForChange(id, ifMatch, caller, Action.CONCLUDE);
        Investigation investigation = mapper.toDomain(row);
        investigation.conclude(outcome, summary, measures, config.enforcementPowers(), now());
        save(row, investigation, EventType.INVESTIGATION_CONCLUDED, caller.actor(), null);
        return investigation.snapshot();
    }

    private void learn(IncidentFacts incident) {
        StoredIncident row = em.find(StoredIncident.class, incident.id(), LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            row = new StoredIncident();
            mapper.copy(incident, row, now());
            row.persist();
        } else if (incident.version() >= row.version) {
            // Per-incident order holds on the topic, but a stale snapshot must never overwrite a newer one.
            mapper.copy(incident, row, now());
        }
    }

    private Set<Authority> openAuthorities(UUID incidentId) {
        Set<Authority> result = EnumSet.noneOf(Authority.class);
        em.createQuery("SELECT i.authority FROM StoredInvestigation i WHERE i.incidentId = ?1 AND i.status <> 'CONCLUDED'",
                String.class).setParameter(1, incidentId).getResultList().forEach(a -> result.add(Authority.valueOf(a)));
        return result;
    }

    private Set<Authority> investigatingAuthorities(UUID incidentId) {
        Set<Authority> result = EnumSet.noneOf(Authority.class);
        em.createQuery("SELECT i.authority FROM StoredInvestigation i WHERE i.incidentId = ?1", String.class)
                .setParameter(1, incidentId).getResultList().forEach(a -> result.add(Authority.valueOf(a)));
        return result;
    }

    private InvestigationSnapshot persistOpened(Investigation investigation, Actor actor) {
        StoredInvestigation row = new StoredInvestigation();
        mapper.copy(investigation, row);
        row.persist();
        InvestigationSnapshot snapshot = investigation.snapshot();
        eventLog.append(EventType.INVESTIGATION_OPENED, investigation.incidentId(), actor.subject(),
                new InvestigationEventData(snapshot, actor, null));
        return snapshot;
    }

    private void save(StoredInvestigation row, Investigation investigation, EventType type, Actor actor, Finding finding) {
        mapper.copy(investigation, row);
        eventLog.append(type, investigation.incidentId(), actor.subject(),
                new InvestigationEventData(investigation.snapshot(), actor, onSharedTopic(finding)));
    }

    /**
     * investigation-events is read by every service and by dashboards: an AUTHORITY finding travels
     * there as a notice (that it was recorded, by which authority) without its text or its author.
     * The recording authority reads the text from this service.
     */
    static Finding onSharedTopic(Finding finding) {
        if (finding == null || ReaderRule.findingTextOnSharedTopic(finding.visibility())) {
            return finding;
        }
        return new Finding(finding.id(), finding.authority(), finding.visibility(), null, null, finding.recordedAt());
    }

    /**
     * 404 when unknown or when its incident does not exist for the caller; 403 for an investigation the
     * caller may read but not work (another authority's, or any for an analyst, who coordinates but does
     * not supervise); 412 when If-Match is stale.
     */
    private StoredInvestigation lockForChange(UUID id, String ifMatch, Caller caller, Action action) {
        StoredInvestigation row = em.find(StoredInvestigation.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (row == null || access.sight(caller, row.incidentId).hidden()) {
            throw InvestigationAccess.notFound(id);
        }
        Authority authority = Authority.valueOf(row.authority);
        if (!ReaderRule.mayAct(caller.reader(), action, authority)) {
            throw ProblemException.forbidden("this is an investigation of " + authority + "; only its own investigators "
                    + (action == Action.ASSIGN ? "assign it" : action == Action.CONCLUDE ? "conclude it" : "record findings in it")
                    + ", and you act for " + caller.authority().map(Enum::name).orElse("no authority"));
        }
        ETags.check(ifMatch, row.version);
        return row;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
