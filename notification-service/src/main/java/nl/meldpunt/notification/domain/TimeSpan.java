package nl.meldpunt.notification.domain;

import java.time.Duration;

/** A length of time as people read it in notes and histories: "30 d 1 h", "11 h 59 min", "5 min". */
public final class TimeSpan {

    private TimeSpan() {
    }

    public static String of(Duration d) {
        long days = d.toDays();
        long hours = d.minusDays(days).toHours();
        long minutes = d.minusDays(days).minusHours(hours).toMinutes();
        if (days > 0) {
            return days + " d " + hours + " h";
        }
        return hours > 0 ? hours + " h " + minutes + " min" : minutes + " min";
    }
}
