package nl.meldpunt.notification.domain;

import nl.meldpunt.contract.refusal.Refusal;

/** A change the obligation's state does not allow (a conflict). */
public class InvalidTransition extends Refusal {

    public InvalidTransition(String message) {
        super(Kind.CONFLICT, message, null);
    }
}
