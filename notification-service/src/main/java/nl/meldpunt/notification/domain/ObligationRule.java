package nl.meldpunt.notification.domain;

import nl.meldpunt.contract.ObligationKind;

/**
 * One kind of obligation as configured: whether the rule applies at all, the article it rests
 * on, to whom it is owed, and its deadline. {@code recipient} is unused for
 * GDPR_ART33_2_CONTROLLER, whose recipient is each controller by name.
 */
public record ObligationRule(ObligationKind kind, boolean enabled, String legalBasis, String recipient, Deadline deadline) {

    public ObligationRule {
        if (kind == null || legalBasis == null || legalBasis.isBlank() || deadline == null) {
            throw new IllegalArgumentException("an obligation rule needs a kind, a legal basis and a deadline");
        }
    }
}
