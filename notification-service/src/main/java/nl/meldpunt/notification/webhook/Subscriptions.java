package nl.meldpunt.notification.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import nl.meldpunt.contract.Actor;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.SubscriptionDisabledData;
import nl.meldpunt.notification.config.WebhookConfig;
import nl.meldpunt.notification.domain.webhook.WebhookSignature;
import nl.meldpunt.notification.events.EventFilter;
import nl.meldpunt.notification.webhook.StoredSubscription.State;
import nl.meldpunt.support.outbox.EventLog;
import nl.meldpunt.support.outbox.TimeOrderedUuid;
import nl.meldpunt.support.rest.Caller;
import nl.meldpunt.support.rest.ETags;
import nl.meldpunt.support.rest.ListPage;
import nl.meldpunt.support.rest.PageRequest;
import nl.meldpunt.support.rest.ProblemException;

/**
 * Webhook subscriptions. A subscription belongs to the token that created it: only that subject
 * sees or changes it (anyone else gets 404), and its deliveries are filtered by the reader rule
 * for that token's role and authority.
 */
@ApplicationScoped
public class Subscriptions {

    private final Clock wallClock = Clock.systemUTC();

    @Inject
    EntityManager em;

    @Inject
    EventLog eventLog;

    @Inject
    WebhookConfig config;

    /** A new subscription and its secret, which is shown this once. */
    public record Created(StoredSubscription subscription, String secret) {
    }

    /** What a caller asks for: the URL has passed the URL policy, the filter is checked. */
    public record Request(String url, String description, EventFilter filter) {
    }

    @Transactional
    public Created create(Caller caller, Request request) {
        Instant now = wallClock.instant();
        StoredSubscription s = new StoredSubscription();
        s.id = TimeOrderedUuid.next();
        s.ownerSubject = caller.subject();
        s.ownerRole = caller.reader().role().name();
        s.ownerAuthority = caller.reader().authority() == null ? null : caller.reader().authority().name();
        apply(s, request);
        s.state = State.ACTIVE;
        s.secret = WebhookSignature.newSecret();
        s.createdAt = now;
        s.updatedAt = now;
        s.version = 1;
        s.persist();
        return new Created(s, s.secret);
    }

    public ListPage<StoredSubscription> list(Caller caller, PageRequest paging) {
        StringBuilder jpql = new StringBuilder("from StoredSubscription s where s.ownerSubject = :owner");
        Instant afterTime = null;
        UUID afterId = null;
        if (paging.byCursor()) {
            List<String> parts = paging.cursorParts(2);
            try {
                afterTime = Instant.parse(parts.get(0));
                afterId = UUID.fromString(parts.get(1));
            } catch (RuntimeException e) {
                throw PageRequest.invalidCursor();
            }
            jpql.append(" and (s.createdAt < :t or (s.createdAt = :t and s.id < :id))");
        }
        var query = em.createQuery(jpql + " order by s.createdAt desc, s.id desc", StoredSubscription.class)
                .setParameter("owner", caller.subject());
        if (afterTime != null) {
            query.setParameter("t", afterTime).setParameter("id", afterId);
        }
        List<StoredSubscription> rows = query.setFirstResult((int) paging.offset()).setMaxResults(paging.size() + 1)
                .getResultList();
        long total = em.createQuery("select count(s) from StoredSubscription s where s.ownerSubject = :owner", Long.class)
                .setParameter("owner", caller.subject()).getSingleResult();
        return paging.answer(rows, total, s -> List.of(s.createdAt.toString(), s.id.toString()));
    }

    /** The caller's subscription; 404 for any other's, as if it did not exist. */
    public StoredSubscription get(Caller caller, UUID id) {
        StoredSubscription s = em.find(StoredSubscription.class, id);
        if (s == null || !s.ownerSubject.equals(caller.subject())) {
            throw ProblemException.notFound("no subscription " + id);
        }
        return s;
    }

    @Transactional
    public StoredSubscription update(Caller caller, UUID id, String ifMatch, Request request) {
        StoredSubscription s = locked(caller, id, ifMatch);
        apply(s, request);
        return touched(s);
    }

    /** ACTIVE to PAUSED: messages keep being recorded and wait, in order, until it resumes. */
    @Transactional
    public StoredSubscription pause(Caller caller, UUID id, String ifMatch) {
        StoredSubscription s = locked(caller, id, ifMatch);
        if (s.state != State.ACTIVE) {
            throw ProblemException.conflict("subscription " + id + " is " + s.state + "; only an ACTIVE one can be paused");
        }
        s.state = State.PAUSED;
        return touched(s);
    }

    /** PAUSED or DISABLED to ACTIVE: what waited is delivered, oldest first per incident. */
    @Transactional
    public StoredSubscription resume(Caller caller, UUID id, String ifMatch) {
        StoredSubscription s = locked(caller, id, ifMatch);
        if (s.state == State.ACTIVE) {
            throw ProblemException.conflict("subscription " + id + " is ACTIVE already");
        }
        s.state = State.ACTIVE;
        s.disabledAt = null;
        s.disabledReason = null;
        s.failingSince = null;
        return touched(s);
    }

    @Transactional
    public void delete(Caller caller, UUID id, String ifMatch) {
        StoredSubscription s = locked(caller, id, ifMatch);
        em.remove(s);
    }

    /**
     * A new secret, shown once. The old one keeps signing beside it for the configured overlap,
     * so a receiver can switch without rejecting a message.
     */
    @Transactional
    public Created rotate(Caller caller, UUID id, String ifMatch) {
        StoredSubscription s = locked(caller, id, ifMatch);
        s.previousSecret = s.secret;
        s.previousSecretUntil = wallClock.instant().plus(config.secretOverlap());
        s.secret = WebhookSignature.newSecret();
        touched(s);
        return new Created(s, s.secret);
    }

    /** Every subscription the fan-out considers (paused and disabled ones included: they keep their messages). */
    public List<SubscriptionTarget> targets() {
        List<SubscriptionTarget> result = new ArrayList<>();
        for (StoredSubscription s : em.createQuery("from StoredSubscription", StoredSubscription.class).getResultList()) {
            result.add(SubscriptionTarget.of(s));
        }
        return result;
    }

    /** The secrets that sign a message now: the current one, and the previous one during a rotation's overlap. */
    static List<String> secrets(String secret, String previous, Instant previousUntil, Instant now) {
        return previous != null && previousUntil != null && now.isBefore(previousUntil) ? List.of(secret, previous) : List.of(secret);
    }

    /**
     * Disables an ACTIVE subscription and emits {@code subscription.disabled}, in the caller's
     * transaction. Does nothing when it is no longer ACTIVE (paused or disabled meanwhile).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean disable(UUID id, String reason) {
        StoredSubscription s = em.find(StoredSubscription.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (s == null || s.state != State.ACTIVE) {
            return false;
        }
        s.state = State.DISABLED;
        s.disabledReason = reason;
        s.disabledAt = wallClock.instant();
        touched(s);
        eventLog.append(EventType.SUBSCRIPTION_DISABLED, s.id, Actor.SYSTEM.subject(),
                new SubscriptionDisabledData(s.id, s.url, reason));
        return true;
    }

    public Optional<StoredSubscription> find(UUID id) {
        return Optional.ofNullable(em.find(StoredSubscription.class, id));
    }

    private StoredSubscription locked(Caller caller, UUID id, String ifMatch) {
        get(caller, id);
        StoredSubscription s = em.find(StoredSubscription.class, id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, s.version);
        return s;
    }

    private StoredSubscription touched(StoredSubscription s) {
        s.updatedAt = wallClock.instant();
        s.version++;
        return s;
    }

    private static void apply(StoredSubscription s, Request request) {
        s.url = request.url();
        s.description = request.description();
        EventFilter f = request.filter();
        s.filterIncidentId = f.incidentId();
        s.filterAuthority = f.authority() == null ? null : f.authority().name();
        s.filterTypes = f.types().isEmpty() ? null : String.join(",", new java.util.TreeSet<>(f.types()));
        s.filterMinSeverity = f.minSeverity() == null ? null : f.minSeverity().name();
    }
}
