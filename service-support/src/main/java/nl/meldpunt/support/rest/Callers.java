package nl.meldpunt.support.rest;

import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;
import nl.meldpunt.contract.Authority;

/**
 * Produces the {@link Caller} of the current request. The role is the strongest of the
 * token's groups; an investigator's authority comes from the {@code authority} claim.
 */
@RequestScoped
public class Callers {

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken token;

    private Caller current;

    /** The caller of this request; 401/403 as problem+json when the token does not say who. */
    public Caller current() {
        if (current == null) {
            current = resolve();
        }
        return current;
    }

    private Caller resolve() {
        if (identity.isAnonymous()) {
            throw new io.quarkus.security.UnauthorizedException();
        }
        Caller.Role role = identity.hasRole("analyst") ? Caller.Role.ANALYST
                : identity.hasRole("investigator") ? Caller.Role.INVESTIGATOR
                : identity.hasRole("viewer") ? Caller.Role.VIEWER : null;
        if (role == null) {
            throw new io.quarkus.security.ForbiddenException();
        }
        Optional<Authority> authority = Optional.empty();
        String claim = token.getClaim("authority");
        if (claim != null) {
            try {
                authority = Optional.of(Authority.valueOf(claim.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ProblemException.forbidden("unknown authority '" + claim + "' in token");
            }
        }
        if (role == Caller.Role.INVESTIGATOR && authority.isEmpty()) {
            throw ProblemException.forbidden("an investigator token must carry an authority claim");
        }
        String org = token.getClaim("org");
        String subject = token.getSubject() != null ? token.getSubject() : identity.getPrincipal().getName();
        return new Caller(subject, org == null ? subject : org, role, authority);
    }
}
