package nl.meldpunt.notification.domain;

import java.util.List;
import java.util.Map;

import nl.meldpunt.contract.ObligationKind;

/**
 * The outcome of applying the rules to one incident: what is required now, and for each kind
 * that is not required at all, why not (the reason an already opened obligation's history gets).
 */
public record Evaluation(List<Requirement> requirements, Map<ObligationKind, String> notRequired) {

    public Evaluation {
        requirements = List.copyOf(requirements);
        notRequired = Map.copyOf(notRequired);
    }

    /** Why an obligation of this kind between these two is no longer among the requirements. */
    public String whyNot(ObligationKind kind, String party, String recipient) {
        String reason = notRequired.get(kind);
        if (reason != null) {
            return reason;
        }
        return switch (kind) {
            case GDPR_ART33_2_CONTROLLER -> recipient + " is no longer named as a controller, or " + party
                    + " no longer as the processor";
            case GDPR_ART33_AP, GDPR_ART34_SUBJECTS -> party + " is no longer named as a controller of the data";
            default -> party + " is no longer named as the affected organisation";
        };
    }
}
