package nl.meldpunt.notification.domain.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try a webhook delivery again: a list of waits, one per attempt, each spread by a jitter
 * so that many subscribers failing at once do not all retry in the same second. The first entry
 * is the wait before the first attempt (normally none). After the last entry the delivery is given up.
 */
public record RetrySchedule(List<Duration> waits, double jitter) {

    /** Standard Webhooks' suggested schedule: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
    public static final String DEFAULT = "0s,5s,5m,30m,2h,5h,10h,10h";

    public RetrySchedule {
        if (waits.isEmpty()) {
            throw new IllegalArgumentException("a retry schedule has at least one attempt");
        }
        if (waits.stream().anyMatch(w -> w.isNegative())) {
            throw new IllegalArgumentException("a wait cannot be negative");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter is a fraction of the wait, from 0 up to (not including) 1");
        }
        waits = List.copyOf(waits);
    }

    /** Parses {@code 0s,5s,5m,30m,2h,5h,10h,10h}: a number with the unit s, m, h or d per attempt. */
    public static RetrySchedule parse(String spec, double jitter) {
        List<Duration> waits = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (!p.matches("\\d{1,6}[smhd]")) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not a wait such as 5s, 5m, 2h or 1d");
            }
            long n = Long.parseLong(p.substring(0, p.length() - 1));
            waits.add(switch (p.charAt(p.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        return new RetrySchedule(waits, jitter);
    }

    /** How many attempts the schedule allows in all. */
    public int attempts() {
        return waits.size();
    }

    /**
     * The wait before attempt {@code attempt} (1 is the first), spread by up to ±jitter; empty
     * when the schedule has no such attempt, that is, when the delivery is to be given up.
     */
    public Optional<Duration> waitBefore(int attempt, RandomGenerator random) {
        if (attempt < 1 || attempt > waits.size()) {
            return Optional.empty();
        }
        Duration base = waits.get(attempt - 1);
        if (base.isZero() || jitter == 0) {
            return Optional.of(base);
        }
        double factor = 1 + (random.nextDouble() * 2 - 1) * jitter;
        return Optional.of(Duration.ofMillis(Math.round(base.toMillis() * factor)));
    }
}
