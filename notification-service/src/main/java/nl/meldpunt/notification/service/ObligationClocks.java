package nl.meldpunt.notification.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import nl.meldpunt.contract.Actor;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.ObligationEventData;
import nl.meldpunt.notification.config.ObligationConfig;
import nl.meldpunt.notification.domain.Obligation;
import nl.meldpunt.notification.domain.TimeSpan;
import nl.meldpunt.notification.persistence.StoredObligation;
import nl.meldpunt.support.inbox.EventReceiver;
import nl.meldpunt.support.outbox.EventLog;

/**
 * The clock pass: emits {@code obligation.due-soon} at the configured lead time and
 * {@code obligation.overdue} when a deadline passes, each exactly once per deadline (a deadline
 * that moves gets its own, see {@link ObligationMapper#copy}). Every instance runs it; a pass
 * works incident by incident under the incident row's lock ({@code FOR UPDATE SKIP LOCKED}: an
 * incident another instance holds waits for the next pass), and the guard column or state is
 * set in the same transaction as the event append, so neither a second instance nor a restart
 * emits an event twice. Overdue is marked by {@link ObligationService#markPastDue}, the same
 * code that incident events, fulfilments and reads run, so whichever comes first emits it.
 */
@ApplicationScoped
public class ObligationClocks {

    private static final Logger LOG = Logger.getLogger(ObligationClocks.class);

    @Inject
    EventReceiver receiver;

    @Inject
    EntityManager em;

    @Inject
    EventLog eventLog;

    @Inject
    ObligationMapper mapper;

    @Inject
    ObligationConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    @Inject
    ObligationService obligations;

    private Counter dueSoonEmitted;

    /** What one pass emitted. */
    public record Pass(int dueSoon, int overdue) {
        Pass plus(Pass other) {
            return new Pass(dueSoon + other.dueSoon, overdue + other.overdue);
        }
    }

    void registerMetrics(@Observes StartupEvent event) {
        Gauge.builder("meldpunt.obligations.overdue", this, ObligationClocks::countOverdue)
                .description("Obligations past their deadline and not yet fulfilled or waived").register(registry);
        dueSoonEmitted = Counter.builder("meldpunt.obligations.due.soon.emitted").register(registry);
        Counter.builder("meldpunt.obligations.overdue.emitted").register(registry);
    }

    @Scheduled(identity = "obligation-clocks", every = "${meldpunt.obligations.clocks.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (receiver.stopping()) {
            // The service is stopping and persistence is about to close; the next start runs the pass.
            return;
        }
        Pass p = pass();
        if (p.dueSoon() + p.overdue() > 0) {
            LOG.infof("obligation clocks: %d due soon, %d overdue", p.dueSoon(), p.overdue());
        }
    }

    /** One pass at the clock's current time. Safe to run at once on any number of threads and instances. */
    public Pass pass() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Duration lead = config.clocks().dueSoonLead();
        List<UUID> incidents = QuarkusTransaction.requiringNew().call(() -> candidates(now, lead));
        Pass total = new Pass(0, 0);
        for (UUID incidentId : incidents) {
            if (receiver.stopping()) {
                break;
            }
            total = total.plus(QuarkusTransaction.requiringNew().call(() -> tick(incidentId, now, lead)));
        }
        return total;
    }

    @SuppressWarnings("unchecked")
    private List<UUID> candidates(Instant now, Duration lead) {
        return em.createNativeQuery("SELECT DISTINCT incident_id FROM obligation WHERE state = 'PENDING' AND due_at <= ?1 "
                + "AND (due_at <= ?2 OR due_soon_emitted_at IS NULL) ORDER BY incident_id LIMIT ?3", UUID.class)
                .setParameter(1, now.plus(lead)).setParameter(2, now).setParameter(3, config.clocks().batchSize())
                .getResultList();
    }

    private Pass tick(UUID incidentId, Instant now, Duration lead) {
        List<?> locked = em.createNativeQuery("SELECT id FROM incident WHERE id = ?1 FOR UPDATE SKIP LOCKED")
                .setParameter(1, incidentId).getResultList();
        if (locked.isEmpty()) {
            return new Pass(0, 0);
        }
        int overdue = obligations.markPastDue(incidentId, now);
        List<StoredObligation> rows = em.createQuery("from StoredObligation o where o.incidentId = ?1 and o.state = 'PENDING' "
                + "and o.dueAt <= ?2 order by o.dueAt, o.id", StoredObligation.class)
                .setParameter(1, incidentId).setParameter(2, now.plus(lead)).getResultList();
        int soon = 0;
        for (StoredObligation row : rows) {
            Obligation o = mapper.toDomain(row);
            if (o.dueSoon(now, lead) && row.dueSoonEmittedAt == null) {
                row.dueSoonEmittedAt = now;
                eventLog.append(EventType.OBLIGATION_DUE_SOON, incidentId, Actor.SYSTEM.subject(),
                        new ObligationEventData(o.snapshot(), Actor.SYSTEM, "Due at " + o.dueAt() + ", in "
                                + TimeSpan.of(Duration.between(now, o.dueAt())) + "."));
                soon++;
            }
        }
        if (dueSoonEmitted != null) {
            dueSoonEmitted.increment(soon);
        }
        return new Pass(soon, overdue);
    }

    private double countOverdue() {
        try {
            return QuarkusTransaction.requiringNew().call(() -> ((Number) em
                    .createNativeQuery("SELECT count(*) FROM obligation WHERE state = 'OVERDUE'").getSingleResult()).doubleValue());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
