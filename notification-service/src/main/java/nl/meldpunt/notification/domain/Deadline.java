package nl.meldpunt.notification.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;

/**
 * When an obligation is due, counted from the moment its clock starts. Instants are UTC;
 * a zone is consulted only for periods the law counts in calendar months.
 */
public sealed interface Deadline {

    Instant dueFrom(Instant clockStartedAt);

    /** For people: "72 h", "1 month". */
    String describe();

    /**
     * Hours are elapsed time (GDPR Art. 33(1) "72 hours", NIS2 Art. 23(4)(a)/(b) "24/72 hours"),
     * so 72 h across a daylight-saving change is 72 real hours, not three wall-clock days.
     */
    record Elapsed(Duration duration) implements Deadline {

        public Elapsed {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("a deadline must be a positive duration");
            }
        }

        @Override
        public Instant dueFrom(Instant clockStartedAt) {
            return clockStartedAt.plus(duration);
        }

        @Override
        public String describe() {
            long hours = duration.toHours();
            return duration.equals(Duration.ofHours(hours)) ? hours + " h" : duration.toMinutes() + " min";
        }
    }

    /**
     * A calendar period such as NIS2 Art. 23(4)(d)'s "one month": the same wall-clock time in
     * {@code zone} that many months later (earlier than the end-of-day reading of Regulation
     * 1182/71 Art. 3(2)(c), so the safer of the two).
     */
    record Calendar(Period period, ZoneId zone) implements Deadline {

        public Calendar {
            if (period == null || period.isNegative() || period.isZero() || zone == null) {
                throw new IllegalArgumentException("a calendar deadline needs a positive period and a zone");
            }
        }

        @Override
        public Instant dueFrom(Instant clockStartedAt) {
            return clockStartedAt.atZone(zone).plus(period).toInstant();
        }

        @Override
        public String describe() {
            if (period.getYears() == 0 && period.getDays() == 0) {
                return period.getMonths() == 1 ? "1 month" : period.getMonths() + " months";
            }
            return period.toString();
        }
    }
}
