package nl.meldpunt.notification.domain;

/** A change the obligation's state does not allow (answered with 409). */
public class InvalidTransition extends RuntimeException {

    public InvalidTransition(String message) {
        super(message);
    }
}
