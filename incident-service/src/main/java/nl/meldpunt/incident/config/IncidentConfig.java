package nl.meldpunt.incident.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "meldpunt")
public interface IncidentConfig {

    Routing routing();

    Paging paging();

    /** Default authorities at triage when the analyst names none (docs/design.md "Investigations"). */
    interface Routing {
        /** GDPR Art. 33(1) and 57(1)(h): personal data breaches are the AP's. */
        @WithDefault("true")
        boolean personalDataToAp();

        /** Wkkgz Art. 11: serious incidents at healthcare providers are for the IGJ. */
        @WithDefault("true")
        boolean healthcareSevereToIgj();

        /** NIS2 Art. 23(1), Cyberbeveiligingswet: significant incidents at NIS2 entities go to the CSIRT. */
        @WithDefault("true")
        boolean nis2ToCsirt();
    }

    interface Paging {
        @WithDefault("20")
        int defaultSize();

        @WithDefault("200")
        int maxSize();
    }
}
