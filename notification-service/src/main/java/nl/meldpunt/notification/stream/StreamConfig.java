package nl.meldpunt.notification.stream;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How streams are served (issue 11, docs/streams.md). */
@ConfigMapping(prefix = "meldpunt.streams")
public interface StreamConfig {

    /** How long the feed keeps an event; a resume from before gets {@code reset}. */
    @WithDefault("7d")
    Duration retention();

    /** A comment line this often keeps proxies from closing an idle stream (issue 11: 15 to 30 s). */
    @WithDefault("20s")
    Duration heartbeat();

    /**
     * Messages written to a connection that the network has not taken yet. A client that keeps its
     * buffer full for {@link #slowGrace()} is closed with a reason and resumes from its last id.
     */
    @WithDefault("256")
    int buffer();

    @WithDefault("10s")
    Duration slowGrace();

    /** Fallback when no notification arrives: how often the sequencer and the feed tail look. */
    @WithDefault("1s")
    Duration poll();

    /** Recent events each instance keeps in memory for its live streams; older ones are read from the database. */
    @WithDefault("4096")
    int recent();

    /** How long a ticket from {@code POST /streams/tickets} can be redeemed. */
    @WithDefault("60s")
    Duration ticketTtl();

    /** How long a dashboard sign-in link can be redeemed (it is printed by ./meldpunt up for a person to open). */
    @WithDefault("2h")
    Duration signInTtl();

    /** How often expired tickets and sessions and events past retention are removed. */
    @WithDefault("10m")
    String housekeeping();
}
