package nl.meldpunt.notification.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

import nl.meldpunt.contract.ContactPoint;
import nl.meldpunt.contract.Indicator;

/**
 * A notification draft as Markdown, for a person to read and send. Times are shown in the
 * local zone (Europe/Amsterdam by default) with the UTC instant beside them; everywhere else
 * Meldpunt keeps UTC.
 */
public final class DraftMarkdown {

    private static final String MISSING = "_missing_";

    private DraftMarkdown() {
    }

    public static String render(NotificationDraft d, ZoneId zone) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title(d)).append(" — ").append(text(d.incidentReference())).append("\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "From", text(d.party()));
        row(md, "To", text(d.recipient()));
        row(md, "Legal basis", text(d.legalBasis()));
        row(md, "State", d.state().name());
        row(md, "Clock started", d.clockStartedAt() == null ? "not yet: the party's awareness is not known" : local(d.clockStartedAt(), zone));
        row(md, "Due", d.dueAt() == null ? "not yet known" : local(d.dueAt(), zone));
        md.append('\n');
        for (NotificationDraft.Section s : d.sections()) {
            md.append("## ").append(s.heading()).append(" (").append(s.basis()).append(")\n\n");
            for (NotificationDraft.Item item : s.items()) {
                md.append("- **").append(item.label()).append(":** ")
                        .append(item.value() == null ? MISSING : value(item.value())).append('\n');
            }
            md.append('\n');
        }
        md.append("## Still missing\n\n");
        if (d.missing().isEmpty()) {
            md.append("Nothing: every fact the article asks for is known.\n");
        } else {
            for (NotificationDraft.Missing m : d.missing()) {
                md.append("- `").append(m.field()).append("`: ").append(m.label()).append(" (").append(m.basis()).append(")\n");
            }
        }
        if (!d.notes().isEmpty()) {
            md.append("\n## Notes\n\n");
            d.notes().forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    /** "2025-08-09 11:00 CEST (2025-08-09T09:00:00Z)". */
    public static String local(Instant at, ZoneId zone) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz", Locale.ENGLISH).withZone(zone).format(at) + " (" + at + ")";
    }

    private static String title(NotificationDraft d) {
        return switch (d.kind()) {
            case GDPR_ART33_2_CONTROLLER -> "Notice of a personal data breach to the controller";
            case GDPR_ART33_AP -> "Notification of a personal data breach to the supervisory authority";
            case GDPR_ART34_SUBJECTS -> "Communication of a personal data breach to the data subjects";
            case NIS2_EARLY_WARNING -> "NIS2 early warning";
            case NIS2_NOTIFICATION -> "NIS2 incident notification";
            case NIS2_FINAL_REPORT -> "NIS2 final report";
            case IGJ_CALAMITY_REPORT -> "Calamity report to the IGJ";
        };
    }

    private static void row(StringBuilder md, String label, String value) {
        md.append("| ").append(label).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }

    private static String value(Object v) {
        if (v instanceof Boolean b) {
            return b ? "yes" : "no";
        }
        if (v instanceof Long || v instanceof Integer) {
            return String.format(Locale.ENGLISH, "%,d", ((Number) v).longValue());
        }
        if (v instanceof ContactPoint c) {
            return java.util.stream.Stream.of(c.name(), c.email(), c.phone()).filter(s -> s != null && !s.isBlank())
                    .map(DraftMarkdown::text).collect(Collectors.joining(", "));
        }
        if (v instanceof Collection<?> list) {
            return list.stream().map(e -> e instanceof Indicator i ? i.type() + " `" + i.value() + "`" : value(e))
                    .collect(Collectors.joining("; "));
        }
        return text(String.valueOf(v));
    }

    /** Free text keeps its words; a line break continues the list item instead of ending it. */
    private static String text(String s) {
        return s == null ? "" : s.strip().replace("\r\n", "\n").replace("\n", "\n  ");
    }
}
