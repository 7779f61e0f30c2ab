package nl.meldpunt.notification.config;

import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The obligation rules and clocks. The values, each with its article, are in
 * application.properties; docs/obligations.md explains how to change a target.
 */
@ConfigMapping(prefix = "meldpunt.obligations")
public interface ObligationConfig {

    /** Where calendar months are counted and where people read due times (Markdown drafts). */
    ZoneId zone();

    Clocks clocks();

    /**
     * How far a fulfilment's {@code submittedAt} may lie ahead of this service's clock: the
     * analyst's clock may run a little fast. Anything later is refused as a time in the future.
     */
    @WithDefault("2m")
    Duration clockSkew();

    /** GDPR Art. 33(2): processor to each controller, "without undue delay". */
    @WithName("gdpr-art33-2-controller")
    Rule gdprArt332Controller();

    /** GDPR Art. 33(1): each controller to the AP within 72 h of its own awareness. */
    @WithName("gdpr-art33-ap")
    Rule gdprArt33Ap();

    /** GDPR Art. 34(1): each controller to the data subjects, "without undue delay". */
    @WithName("gdpr-art34-subjects")
    Rule gdprArt34Subjects();

    /** NIS2 Art. 23(4)(a): early warning within 24 h. */
    @WithName("nis2-early-warning")
    Rule nis2EarlyWarning();

    /** NIS2 Art. 23(4)(b): incident notification within 72 h. */
    @WithName("nis2-notification")
    Rule nis2Notification();

    /** NIS2 Art. 23(4)(d): final report one month after the incident notification was submitted. */
    @WithName("nis2-final-report")
    CalendarRule nis2FinalReport();

    /** Wkkgz Art. 11(1)(a): calamity report to the IGJ, "onverwijld". */
    @WithName("igj-calamity-report")
    Rule igjCalamityReport();

    interface Clocks {
        /** How long before a deadline {@code obligation.due-soon} is emitted. */
        Duration dueSoonLead();

        /** How often the clock pass runs, e.g. {@code 1m}; {@code off} disables it (tests trigger passes). */
        String every();

        /** Most obligations handled per pass; the next pass takes the rest. */
        @WithDefault("500")
        int batchSize();
    }

    /** A rule whose deadline is elapsed time from the party's awareness. */
    interface Rule {
        @WithDefault("true")
        boolean enabled();

        String legalBasis();

        /** Who receives it; GDPR Art. 33(2) goes to each controller by name instead. */
        Optional<String> recipient();

        Duration due();
    }

    /** A rule whose deadline is a calendar period. */
    interface CalendarRule {
        @WithDefault("true")
        boolean enabled();

        String legalBasis();

        Optional<String> recipient();

        Period due();
    }
}
