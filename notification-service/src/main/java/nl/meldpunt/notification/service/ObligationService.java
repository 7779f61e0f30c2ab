package nl.meldpunt.notification.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.meldpunt.contract.Actor;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.IncidentSnapshot;
import nl.meldpunt.contract.ObligationEventData;
import nl.meldpunt.contract.ObligationKind;
import nl.meldpunt.contract.ObligationState;
import nl.meldpunt.notification.config.ObligationConfig;
import nl.meldpunt.notification.domain.Evaluation;
import nl.meldpunt.notification.domain.Obligation;
import nl.meldpunt.notification.domain.ObligationRules;
import nl.meldpunt.notification.domain.Requirement;
import nl.meldpunt.notification.domain.Submissions;
import nl.meldpunt.notification.domain.TimeSpan;
import nl.meldpunt.notification.persistence.StoredIncident;
import nl.meldpunt.notification.persistence.StoredObligation;
import nl.meldpunt.support.outbox.EventLog;
import nl.meldpunt.support.rest.Caller;
import nl.meldpunt.support.rest.ETags;
import nl.meldpunt.support.rest.ProblemException;

/**
 * Every change to obligations. A transaction first locks the incident's row, then reads and
 * changes its obligations and appends their events: consumers, REST calls and clock passes
 * thus take their locks in one order and never deadlock, and each sees the others' results.
 * Whatever touches an incident's obligations (an incident event, a fulfilment, a waiver, a
 * read over REST, the clock pass) first turns those whose deadline has passed OVERDUE, so no
 * one sees a PENDING obligation that is past due, and {@code obligation.overdue} is emitted
 * in the transaction that makes the change, once.
 */
@ApplicationScoped
public class ObligationService {

    private static final Logger LOG = Logger.getLogger(ObligationService.class);

    @Inject
    EntityManager em;

    @Inject
    EventLog eventLog;

    @Inject
    ObligationRules rules;

    @Inject
    ObligationMapper mapper;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    ObligationConfig config;

    @Inject
    MeterRegistry registry;

    /**
     * {@code incident.*}: keep the newest snapshot and re-evaluate the rules. A snapshot older than
     * the one held (a replay) changes nothing; the same one again yields the same obligations.
     * Runs in the consumer's transaction, after the inbox check.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void incidentChanged(EventType type, IncidentSnapshot incident) {
        StoredIncident row = em.find(StoredIncident.class, incident.id(), LockModeType.PESSIMISTIC_WRITE);
        if (row != null && row.version > incident.version()) {
            LOG.debugf("ignoring %s of incident %s at version %d: version %d is known", type.eventName(), incident.id(),
                    incident.version(), row.version);
            return;
        }
        boolean known = row != null;
        if (!known) {
            row = new StoredIncident();
            row.id = incident.id();
        }
        row.reference = incident.reference();
        row.tlp = incident.tlp().name();
        row.severity = incident.severity() == null ? null : incident.severity().name();
        row.version = incident.version();
        row.snapshot = write(incident);
        row.receivedAt = now();
        if (!known) {
            // Inserted before its obligations, which refer to it.
            row.persist();
            em.flush();
        }
        // History entries carry the time the facts changed, not the time of processing: a replay writes the same history.
        Instant at = incident.updatedAt() != null ? incident.updatedAt() : incident.reportedAt();
        reevaluate(incident, "after " + type.eventName() + " (incident version " + incident.version() + ")", at, known);
    }

    /** Records a submission; fulfilling GDPR Art. 33(2) or the NIS2 notification starts the clocks that wait for it. */
    @Transactional
    public Obligation fulfil(UUID id, Instant submittedAt, String reference, String delayReason, String ifMatch, Caller caller) {
        StoredObligation row = lock(id);
        ETags.check(ifMatch, row.version);
        Instant now = now();
        // A deadline that passed since the last clock pass counts: the fulfilment is then a late one.
        markPastDue(row.incidentId, now);
        Obligation o = mapper.toDomain(row);
        boolean wasOverdue = o.state() == ObligationState.OVERDUE;
        o.fulfil(submittedAt, reference, delayReason, now, config.clockSkew(), caller.subject());
        mapper.copy(o, row);
        IncidentSnapshot incident = snapshot(o.incidentId());
        reevaluate(incident, "after " + o.kind() + " was fulfilled", now, true);
        eventLog.append(EventType.OBLIGATION_FULFILLED, o.incidentId(), caller.subject(),
                new ObligationEventData(o.snapshot(), caller.actor(), fulfilledNote(o, wasOverdue)));
        return o;
    }

    /** Waives an open obligation with the justification GDPR Art. 33(5) requires. */
    @Transactional
    public Obligation waive(UUID id, String justification, String ifMatch, Caller caller) {
        StoredObligation row = lock(id);
        ETags.check(ifMatch, row.version);
        Instant now = now();
        markPastDue(row.incidentId, now);
        Obligation o = mapper.toDomain(row);
        o.waive(justification, now, caller.subject());
        mapper.copy(o, row);
        eventLog.append(EventType.OBLIGATION_WAIVED, o.incidentId(), caller.subject(),
                new ObligationEventData(o.snapshot(), caller.actor(), null));
        return o;
    }

    /** The obligation as stored, for use inside a transaction that already holds the incident's lock. */
    public Optional<Obligation> find(UUID id) {
        StoredObligation row = em.find(StoredObligation.class, id);
        return Optional.ofNullable(row).map(mapper::toDomain);
    }

    /**
     * The obligation as of the clock's time, for a reader: one whose deadline has passed is made
     * OVERDUE first (emitting {@code obligation.overdue}), exactly as the next clock pass would,
     * so the state, version, ETag and history shown are the ones stored. Not to be called inside
     * a transaction.
     */
    public Optional<Obligation> read(UUID id) {
        Instant now = now();
        @SuppressWarnings("unchecked")
        List<UUID> pastDue = em.createNativeQuery("SELECT incident_id FROM obligation WHERE id = ?1 AND state = 'PENDING' "
                + "AND due_at <= ?2", UUID.class).setParameter(1, id).setParameter(2, now).getResultList();
        pastDue.forEach(incidentId -> catchUp(incidentId, now));
        return find(id);
    }

    /**
     * Before a list is read: obligations the list may show whose deadline has passed are made
     * OVERDUE first, as in {@link #read}, so a filter on PENDING does not list them and one on
     * OVERDUE does. Not to be called inside a transaction.
     */
    public void catchUpBeforeListing(UUID incidentId, ObligationState state, String party) {
        if (state == null || state == ObligationState.PENDING || state == ObligationState.OVERDUE) {
            Instant now = now();
            pastDueIncidents(incidentId, party, now).forEach(id -> catchUp(id, now));
        }
    }

    @SuppressWarnings("unchecked")
    private List<UUID> pastDueIncidents(UUID incidentId, String party, Instant now) {
        StringBuilder sql = new StringBuilder("SELECT DISTINCT incident_id FROM obligation WHERE state = 'PENDING' AND due_at <= :now");
        Map<String, Object> params = new HashMap<>();
        params.put("now", now);
        if (incidentId != null) {
            sql.append(" AND incident_id = :incidentId");
            params.put("incidentId", incidentId);
        }
        if (party != null) {
            sql.append(" AND lower(party) = :party");
            params.put("party", party.toLowerCase(Locale.ROOT));
        }
        sql.append(" ORDER BY incident_id LIMIT :limit");
        params.put("limit", config.clocks().batchSize());
        var q = em.createNativeQuery(sql.toString(), UUID.class);
        params.forEach(q::setParameter);
        return q.getResultList();
    }

    /** In its own transaction, under the incident's lock: what {@link #markPastDue} does for one incident. */
    private void catchUp(UUID incidentId, Instant now) {
        QuarkusTransaction.requiringNew().run(() -> {
            em.find(StoredIncident.class, incidentId, LockModeType.PESSIMISTIC_WRITE);
            markPastDue(incidentId, now);
        });
    }

    /**
     * Turns every PENDING obligation of the incident whose deadline has passed at {@code now}
     * OVERDUE and emits {@code obligation.overdue} for it. The caller's transaction holds the
     * incident's row lock, so the state change itself is the exactly-once guard: an OVERDUE
     * obligation is never marked again. Used by every path that touches obligations, the clock
     * pass included. Returns how many were marked.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int markPastDue(UUID incidentId, Instant now) {
        List<StoredObligation> due = em.createQuery("from StoredObligation o where o.incidentId = ?1 and o.state = 'PENDING' "
                + "and o.dueAt <= ?2 order by o.dueAt, o.id", StoredObligation.class)
                .setParameter(1, incidentId).setParameter(2, now).getResultList();
        return markOverdue(incidentId, now, due);
    }

    /**
     * {@link #markPastDue} for a caller that holds every obligation of the incident in hand, as
     * {@code reevaluate} does: the same selection and order, without asking the database again.
     */
    private int markPastDue(UUID incidentId, Instant now, Collection<StoredObligation> all) {
        return markOverdue(incidentId, now, all.stream()
                .filter(r -> ObligationState.PENDING.name().equals(r.state) && r.dueAt != null && !r.dueAt.isAfter(now))
                // PostgreSQL orders UUIDs by their bytes, as their text sorts.
                .sorted(Comparator.comparing((StoredObligation r) -> r.dueAt).thenComparing(r -> r.id.toString()))
                .toList());
    }

    private int markOverdue(UUID incidentId, Instant now, List<StoredObligation> due) {
        for (StoredObligation row : due) {
            Obligation o = mapper.toDomain(row);
            o.markOverdue(now);
            mapper.copy(o, row);
            row.overdueEmittedAt = now;
            eventLog.append(EventType.OBLIGATION_OVERDUE, incidentId, Actor.SYSTEM.subject(),
                    new ObligationEventData(o.snapshot(), Actor.SYSTEM, "Deadline " + o.dueAt() + " passed "
                            + TimeSpan.of(Duration.between(o.dueAt(), now)) + " without a submission; it can still be fulfilled late."));
        }
        if (!due.isEmpty()) {
            registry.counter("meldpunt.obligations.overdue.emitted").increment(due.size());
        }
        return due.size();
    }

    public IncidentSnapshot snapshot(UUID incidentId) {
        StoredIncident row = em.find(StoredIncident.class, incidentId);
        if (row == null) {
            throw new IllegalStateException("obligations of unknown incident " + incidentId);
        }
        try {
            return json.readValue(row.snapshot, IncidentSnapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored incident " + incidentId + " is unreadable", e);
        }
    }

    /**
     * Applies the rules to the incident as now known. New requirements open obligations
     * (emitting {@code obligation.opened}); existing ones follow the facts, a WITHDRAWN one
     * reopening (again {@code obligation.opened}); open obligations the rules no longer derive
     * are WITHDRAWN ({@code obligation.withdrawn}). Last, those whose deadline has passed, just
     * opened or moved ones included, become OVERDUE at once. {@code at} dates the history
     * entries of fact changes (a replay writes the same history); the clock decides what is overdue.
     * {@code known} is false when the incident's row was inserted just now, in this transaction.
     */
    private void reevaluate(IncidentSnapshot incident, String context, Instant at, boolean known) {
        Instant now = now();
        Map<UUID, StoredObligation> rows = new LinkedHashMap<>();
        if (known) {
            // An incident seen for the first time has no obligations yet: no need to ask.
            StoredObligation.<StoredObligation>list("incidentId", incident.id()).stream()
                    .sorted(Comparator.comparing(r -> r.id)).forEach(r -> rows.put(r.id, r));
        }
        Map<UUID, Obligation> existing = new LinkedHashMap<>();
        rows.forEach((id, r) -> existing.put(id, mapper.toDomain(r)));
        Evaluation evaluation = rules.evaluate(incident, submissions(existing.values()));
        Set<UUID> required = new HashSet<>();
        for (Requirement r : evaluation.requirements()) {
            UUID id = r.obligationId(incident.id());
            required.add(id);
            Obligation o = existing.get(id);
            if (o == null) {
                o = Obligation.open(incident.id(), incident.reference(), r, context, at);
                StoredObligation row = new StoredObligation();
                mapper.copy(o, row);
                row.persist();
                rows.put(id, row);
                eventLog.append(EventType.OBLIGATION_OPENED, incident.id(), Actor.SYSTEM.subject(),
                        new ObligationEventData(o.snapshot(), Actor.SYSTEM, r.because()));
            } else {
                ObligationState before = o.state();
                if (o.reconcile(r, context, at, now)) {
                    mapper.copy(o, rows.get(id));
                    if (before == ObligationState.WITHDRAWN) {
                        eventLog.append(EventType.OBLIGATION_OPENED, incident.id(), Actor.SYSTEM.subject(),
                                new ObligationEventData(o.snapshot(), Actor.SYSTEM, "Required again " + context + ": " + r.because()));
                    }
                }
            }
        }
        for (Obligation o : existing.values()) {
            if (required.contains(o.id())) {
                continue;
            }
            ObligationState before = o.state();
            String why = evaluation.whyNot(o.kind(), o.party(), o.recipient());
            if (o.noLongerRequired(why, context, at)) {
                mapper.copy(o, rows.get(o.id()));
                if (before != ObligationState.WITHDRAWN && o.state() == ObligationState.WITHDRAWN) {
                    eventLog.append(EventType.OBLIGATION_WITHDRAWN, incident.id(), Actor.SYSTEM.subject(),
                            new ObligationEventData(o.snapshot(), Actor.SYSTEM, "No longer required " + context + ": " + why + "."));
                }
            }
        }
        markPastDue(incident.id(), now, rows.values());
    }

    /** What fulfilled obligations taught: when each controller was told, when the NIS2 notification went out. */
    static Submissions submissions(Collection<Obligation> obligations) {
        Map<String, Instant> informed = new HashMap<>();
        Instant nis2Notification = null;
        for (Obligation o : obligations) {
            if (o.state() != ObligationState.FULFILLED) {
                continue;
            }
            if (o.kind() == ObligationKind.GDPR_ART33_2_CONTROLLER) {
                informed.merge(o.recipient(), o.fulfilledAt(), (a, b) -> a.isBefore(b) ? a : b);
            } else if (o.kind() == ObligationKind.NIS2_NOTIFICATION) {
                nis2Notification = o.fulfilledAt();
            }
        }
        return new Submissions(informed, nis2Notification);
    }

    private String fulfilledNote(Obligation o, boolean wasOverdue) {
        String timing = o.dueAt() != null && o.fulfilledAt().isAfter(o.dueAt())
                ? "Submitted " + TimeSpan.of(Duration.between(o.dueAt(), o.fulfilledAt())) + " after the deadline."
                : wasOverdue ? "Submitted before the deadline as stated, but recorded only after it had passed."
                : "Submitted in time.";
        if (o.kind() == ObligationKind.GDPR_ART33_2_CONTROLLER) {
            String ap = rules.rule(ObligationKind.GDPR_ART33_AP).recipient();
            return find(Requirement.obligationId(o.incidentId(), ObligationKind.GDPR_ART33_AP, o.recipient(), ap))
                    .filter(a -> a.clockStartedAt() != null)
                    .map(a -> timing + " " + o.recipient() + " was told "
                            + TimeSpan.of(Duration.between(o.clockStartedAt(), o.fulfilledAt()))
                            + " after the processor's awareness; its own clock towards the " + ap + " runs from "
                            + a.clockStartedAt() + ", due " + a.dueAt() + ".")
                    .orElse(timing);
        }
        if (o.kind() == ObligationKind.NIS2_NOTIFICATION) {
            return timing + " The final report is due " + rules.rule(ObligationKind.NIS2_FINAL_REPORT).deadline()
                    .describe() + " after this submission, at "
                    + rules.rule(ObligationKind.NIS2_FINAL_REPORT).deadline().dueFrom(o.fulfilledAt()) + ".";
        }
        return timing;
    }

    /** The obligation's row, after its incident's row: the lock order every change follows. */
    private StoredObligation lock(UUID id) {
        StoredObligation unlocked = em.find(StoredObligation.class, id);
        if (unlocked == null) {
            throw ProblemException.notFound("no obligation " + id);
        }
        em.find(StoredIncident.class, unlocked.incidentId, LockModeType.PESSIMISTIC_WRITE);
        em.refresh(unlocked);
        return unlocked;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
