package nl.meldpunt.incident.domain;

import java.util.EnumSet;
import java.util.Set;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Nis2Entity;
import nl.meldpunt.contract.Sector;
import nl.meldpunt.contract.Severity;

/**
 * Which authorities investigate by default, when triage does not name them. Each rule can be
 * switched off in configuration ({@code meldpunt.routing.*}).
 */
public final class AuthorityRouting {

    /** The rules in force; see application.properties for their legal basis. */
    public record Rules(boolean personalDataToAp, boolean healthcareSevereToIgj, boolean nis2ToCsirt) {
        public static final Rules ALL = new Rules(true, true, true);
    }

    private AuthorityRouting() {
    }

    public static Set<Authority> defaults(IncidentDetails d, Severity severity, Rules rules) {
        Set<Authority> result = EnumSet.noneOf(Authority.class);
        if (rules.personalDataToAp() && d.personalData() != null && Boolean.TRUE.equals(d.personalData().involved())) {
            result.add(Authority.AP);
        }
        boolean severe = severity == Severity.HIGH || severity == Severity.CRITICAL;
        var org = d.affectedOrganization();
        if (rules.healthcareSevereToIgj() && severe && org != null && org.sector() == Sector.HEALTHCARE) {
            result.add(Authority.IGJ);
        }
        if (rules.nis2ToCsirt() && org != null && org.nis2Entity() != null && org.nis2Entity() != Nis2Entity.NONE) {
            result.add(Authority.CSIRT);
        }
        return result;
    }
}
