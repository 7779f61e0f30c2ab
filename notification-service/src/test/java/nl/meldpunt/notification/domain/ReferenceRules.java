package nl.meldpunt.notification.domain;

import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import nl.meldpunt.contract.ObligationKind;

/** The rules as application.properties configures them, for tests that start nothing. */
final class ReferenceRules {

    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    private ReferenceRules() {
    }

    static ObligationRules rules() {
        return new ObligationRules(list());
    }

    static List<ObligationRule> list() {
        List<ObligationRule> rules = new ArrayList<>();
        rules.add(hours(ObligationKind.GDPR_ART33_2_CONTROLLER, "GDPR Art. 33(2)", null, 24));
        rules.add(hours(ObligationKind.GDPR_ART33_AP, "GDPR Art. 33(1)", "AP", 72));
        rules.add(hours(ObligationKind.GDPR_ART34_SUBJECTS, "GDPR Art. 34(1)", "data subjects", 72));
        rules.add(hours(ObligationKind.NIS2_EARLY_WARNING, "NIS2 Art. 23(4)(a)", "CSIRT", 24));
        rules.add(hours(ObligationKind.NIS2_NOTIFICATION, "NIS2 Art. 23(4)(b)", "CSIRT", 72));
        rules.add(new ObligationRule(ObligationKind.NIS2_FINAL_REPORT, true, "NIS2 Art. 23(4)(d)", "CSIRT",
                new Deadline.Calendar(Period.ofMonths(1), AMSTERDAM)));
        rules.add(hours(ObligationKind.IGJ_CALAMITY_REPORT, "Wkkgz Art. 11(1)(a)", "IGJ", 72));
        return rules;
    }

    static ObligationRule hours(ObligationKind kind, String basis, String recipient, long hours) {
        return new ObligationRule(kind, true, basis, recipient, new Deadline.Elapsed(Duration.ofHours(hours)));
    }
}
