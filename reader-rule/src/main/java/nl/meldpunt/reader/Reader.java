package nl.meldpunt.reader;

import java.util.Objects;

import nl.meldpunt.contract.Authority;

/**
 * Who reads: the role from the bearer token and, for an investigator, the authority they act for.
 * Analysts coordinate the case, investigators supervise for one authority, viewers watch (dashboards).
 */
public record Reader(Role role, Authority authority) {

    public enum Role { ANALYST, INVESTIGATOR, VIEWER }

    public Reader {
        Objects.requireNonNull(role, "role");
        if (role == Role.INVESTIGATOR && authority == null) {
            throw new IllegalArgumentException("an investigator acts for an authority");
        }
        if (role != Role.INVESTIGATOR) {
            authority = null;
        }
    }

    public static Reader analyst() {
        return new Reader(Role.ANALYST, null);
    }

    public static Reader investigator(Authority authority) {
        return new Reader(Role.INVESTIGATOR, authority);
    }

    public static Reader viewer() {
        return new Reader(Role.VIEWER, null);
    }

    public boolean is(Role r) {
        return role == r;
    }
}
