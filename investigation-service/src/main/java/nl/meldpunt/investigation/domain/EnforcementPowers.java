package nl.meldpunt.investigation.domain;

import java.util.EnumSet;
import java.util.Set;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Outcome;

/**
 * Which outcomes use public enforcement powers, and which authorities hold them. Configured in
 * {@code meldpunt.investigations.*}, where the legal basis of each is named.
 */
public record EnforcementPowers(Set<Outcome> enforcementOutcomes, Set<Authority> enforcingAuthorities) {

    /** The supervisory authorities' powers as the law stands: IGJ and AP may order and fine. */
    public static final EnforcementPowers SUPERVISORS = new EnforcementPowers(EnumSet.of(Outcome.ORDER, Outcome.FINE),
            EnumSet.of(Authority.IGJ, Authority.AP));

    public EnforcementPowers {
        enforcementOutcomes = Set.copyOf(enforcementOutcomes);
        enforcingAuthorities = Set.copyOf(enforcingAuthorities);
    }

    public boolean allow(Authority authority, Outcome outcome) {
        return !enforcementOutcomes.contains(outcome) || enforcingAuthorities.contains(authority);
    }
}
