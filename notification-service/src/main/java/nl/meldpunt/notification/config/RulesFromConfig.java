package nl.meldpunt.notification.config;

import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import nl.meldpunt.contract.ObligationKind;
import nl.meldpunt.notification.domain.Deadline;
import nl.meldpunt.notification.domain.ObligationRule;
import nl.meldpunt.notification.domain.ObligationRules;

/** Builds the domain's rules from {@link ObligationConfig}. */
public class RulesFromConfig {

    @Produces
    @Singleton
    ObligationRules rules(ObligationConfig c) {
        return new ObligationRules(List.of(
                elapsed(ObligationKind.GDPR_ART33_2_CONTROLLER, c.gdprArt332Controller()),
                elapsed(ObligationKind.GDPR_ART33_AP, c.gdprArt33Ap()),
                elapsed(ObligationKind.GDPR_ART34_SUBJECTS, c.gdprArt34Subjects()),
                elapsed(ObligationKind.NIS2_EARLY_WARNING, c.nis2EarlyWarning()),
                elapsed(ObligationKind.NIS2_NOTIFICATION, c.nis2Notification()),
                new ObligationRule(ObligationKind.NIS2_FINAL_REPORT, c.nis2FinalReport().enabled(),
                        c.nis2FinalReport().legalBasis(), c.nis2FinalReport().recipient().orElse(null),
                        new Deadline.Calendar(c.nis2FinalReport().due(), c.zone())),
                elapsed(ObligationKind.IGJ_CALAMITY_REPORT, c.igjCalamityReport())));
    }

    private static ObligationRule elapsed(ObligationKind kind, ObligationConfig.Rule r) {
        if (kind != ObligationKind.GDPR_ART33_2_CONTROLLER && r.recipient().isEmpty()) {
            throw new IllegalStateException("meldpunt.obligations: no recipient configured for " + kind);
        }
        return new ObligationRule(kind, r.enabled(), r.legalBasis(), r.recipient().orElse(null), new Deadline.Elapsed(r.due()));
    }
}
