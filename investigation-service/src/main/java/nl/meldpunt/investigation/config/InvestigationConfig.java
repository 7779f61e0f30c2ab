package nl.meldpunt.investigation.config;

import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Outcome;
import nl.meldpunt.investigation.domain.EnforcementPowers;

@ConfigMapping(prefix = "meldpunt.investigations")
public interface InvestigationConfig {

    /** Outcomes that use public enforcement powers (GDPR Art. 58(2)(d) and 83; Wkkgz chapter 5). */
    @WithDefault("ORDER,FINE")
    Set<Outcome> enforcementOutcomes();

    /** The supervisory authorities that hold those powers; the CSIRT (NIS2 Art. 11) does not. */
    @WithDefault("IGJ,AP")
    Set<Authority> enforcingAuthorities();

    Paging paging();

    interface Paging {
        @WithDefault("100")
        int defaultSize();

        @WithDefault("500")
        int maxSize();
    }

    default EnforcementPowers enforcementPowers() {
        return new EnforcementPowers(enforcementOutcomes(), enforcingAuthorities());
    }
}
