package nl.meldpunt.notification.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What notification-service itself learnt from fulfilled obligations, and the rules need:
 * when the processor told each controller (GDPR Art. 33(2), which starts that controller's own
 * clock) and when the NIS2 incident notification was submitted (which starts the final report's).
 */
public record Submissions(Map<String, Instant> controllerInformedAt, Instant nis2NotificationSubmittedAt) {

    public static final Submissions NONE = new Submissions(Map.of(), null);

    public Submissions {
        controllerInformedAt = controllerInformedAt == null ? Map.of() : Map.copyOf(controllerInformedAt);
    }

    public Optional<Instant> controllerInformedAt(String controller) {
        return Optional.ofNullable(controllerInformedAt.get(controller));
    }
}
