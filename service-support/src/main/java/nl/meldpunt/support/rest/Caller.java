package nl.meldpunt.support.rest;

import java.util.Optional;

import nl.meldpunt.contract.Actor;
import nl.meldpunt.contract.Authority;
import nl.meldpunt.reader.Reader;

/** Who is calling, from the verified bearer token. */
public record Caller(String subject, String organisation, Role role, Optional<Authority> authority) {

    public enum Role {
        ANALYST, INVESTIGATOR, VIEWER;

        public String claim() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean is(Role r) {
        return role == r;
    }

    /** The caller as the reader rule knows them. */
    public Reader reader() {
        return switch (role) {
            case ANALYST -> Reader.analyst();
            case INVESTIGATOR -> Reader.investigator(authority.orElseThrow());
            case VIEWER -> Reader.viewer();
        };
    }

    public Actor actor() {
        return new Actor(subject, organisation, role.claim(), authority.map(Enum::name).orElse(null));
    }
}
