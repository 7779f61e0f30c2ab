package nl.meldpunt.notification.stream;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;
import nl.meldpunt.support.rest.Caller;
import nl.meldpunt.support.rest.Callers;
import nl.meldpunt.support.rest.ProblemException;

/**
 * Who reads a stream or the dashboard: a bearer token, a single-use ticket, or the dashboard's
 * session cookie, in that order. Whatever it is, it ends when the token behind it expires.
 */
@RequestScoped
public class StreamCallers {

    public static final String SESSION_COOKIE = "meldpunt_dashboard";

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken token;

    @Inject
    Callers callers;

    @Inject
    Tickets tickets;

    /** The caller with a bearer token only (ticket issuing and the like). */
    public Tickets.Holder bearer() {
        Caller caller = callers.current();
        long exp = token.getExpirationTime();
        return new Tickets.Holder(caller, exp > 0 ? Instant.ofEpochSecond(exp) : Instant.now().plusSeconds(3600));
    }

    public Tickets.Holder resolve(String ticket, String sessionCookie) {
        if (ticket != null) {
            return tickets.redeem(ticket, Tickets.Purpose.STREAM).orElseThrow(() -> unauthorized(
                    "the ticket is unknown, already used or expired: ask POST /streams/tickets for a new one"));
        }
        if (!identity.isAnonymous()) {
            return bearer();
        }
        if (sessionCookie != null) {
            return tickets.session(sessionCookie).orElseThrow(() -> unauthorized(
                    "the dashboard session has ended: open a new sign-in link"));
        }
        return bearer();
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "unauthenticated", "Unauthorized", detail, List.of());
    }
}
