package nl.meldpunt.notification.stream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.support.rest.Caller;

/**
 * Single-use tickets and dashboard sessions. A browser's EventSource cannot send an
 * Authorization header, so a client with a bearer token asks for a ticket and puts it in the
 * stream's URL, or the dashboard's sign-in link exchanges one for an HttpOnly session cookie.
 * Whatever a ticket opens ends when the token it was issued for expires. Only hashes are stored.
 */
@ApplicationScoped
public class Tickets {

    public enum Purpose { STREAM, DASHBOARD }

    public record Ticket(String value, Purpose purpose, Instant expiresAt) {
    }

    /** What a redeemed ticket or a session stands for. */
    public record Holder(Caller caller, Instant endsAt) {
        public StreamReader streamReader() {
            return new StreamReader(caller.subject(), caller.reader(), endsAt);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    EntityManager em;

    @Inject
    StreamConfig config;

    /** Ticket lifetimes run on the service's clock, which tests move. */
    @Inject
    Clock clock;

    @Transactional
    public Ticket issue(Caller caller, Instant tokenExpiresAt, Purpose purpose) {
        String value = random();
        Instant expires = clock.instant().plus(purpose == Purpose.STREAM ? config.ticketTtl() : config.signInTtl());
        em.createNativeQuery("INSERT INTO stream_ticket (ticket_hash, subject, organisation, role, authority, purpose, expires_at, "
                + "token_expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .setParameter(1, hash(value)).setParameter(2, caller.subject()).setParameter(3, caller.organisation())
                .setParameter(4, caller.role().name()).setParameter(5, caller.authority().map(Enum::name).orElse(null))
                .setParameter(6, purpose.name()).setParameter(7, Timestamp.from(expires))
                .setParameter(8, Timestamp.from(tokenExpiresAt)).executeUpdate();
        return new Ticket(value, purpose, expires);
    }

    /** Redeems a ticket once: a second attempt, an expired ticket or one for another purpose gives nothing. */
    @Transactional
    public Optional<Holder> redeem(String value, Purpose purpose) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("UPDATE stream_ticket SET used_at = ?1 WHERE ticket_hash = ?2 AND used_at IS NULL "
                + "AND purpose = ?3 AND expires_at > ?1 RETURNING subject, organisation, role, authority, token_expires_at")
                .setParameter(1, Timestamp.from(clock.instant())).setParameter(2, hash(value)).setParameter(3, purpose.name())
                .getResultList();
        return rows.stream().findFirst().map(Tickets::holder);
    }

    /** Opens a dashboard session for a redeemed sign-in ticket; the value goes into the cookie. */
    @Transactional
    public String openSession(Holder holder) {
        String value = random();
        Caller c = holder.caller();
        em.createNativeQuery("INSERT INTO dashboard_session (session_hash, subject, organisation, role, authority, created_at, "
                + "expires_at) VALUES (?1, ?2, ?3, ?4, ?5, now(), ?6)")
                .setParameter(1, hash(value)).setParameter(2, c.subject()).setParameter(3, c.organisation())
                .setParameter(4, c.role().name()).setParameter(5, c.authority().map(Enum::name).orElse(null))
                .setParameter(6, Timestamp.from(holder.endsAt())).executeUpdate();
        return value;
    }

    /** The session behind a cookie, while the token that opened it is valid. */
    @Transactional
    public Optional<Holder> session(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT subject, organisation, role, authority, expires_at FROM dashboard_session "
                + "WHERE session_hash = ?1 AND expires_at > ?2")
                .setParameter(1, hash(value)).setParameter(2, Timestamp.from(Instant.now())).getResultList();
        return rows.stream().findFirst().map(Tickets::holder);
    }

    @Transactional
    public void endSession(String value) {
        if (value != null) {
            em.createNativeQuery("DELETE FROM dashboard_session WHERE session_hash = ?1").setParameter(1, hash(value)).executeUpdate();
        }
    }

    /** Removes tickets and sessions nobody can use any more. */
    @Transactional
    public void removeExpired() {
        em.createNativeQuery("DELETE FROM stream_ticket WHERE expires_at < ?1").setParameter(1, Timestamp.from(clock.instant()))
                .executeUpdate();
        em.createNativeQuery("DELETE FROM dashboard_session WHERE expires_at < now()").executeUpdate();
    }

    private static Holder holder(Object[] r) {
        Caller.Role role = Caller.Role.valueOf((String) r[2]);
        Optional<Authority> authority = Optional.ofNullable((String) r[3]).map(Authority::valueOf);
        Instant ends = r[4] instanceof Instant i ? i : ((Timestamp) r[4]).toInstant();
        return new Holder(new Caller((String) r[0], (String) r[1], role, authority), ends);
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
