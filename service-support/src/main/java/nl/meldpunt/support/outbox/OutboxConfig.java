package nl.meldpunt.support.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "meldpunt.outbox")
public interface OutboxConfig {

    /** CloudEvents {@code ce_source} of this service, e.g. {@code /meldpunt/incident-service}. */
    String source();

    /** Whether this instance runs a relay at all (it still only publishes while holding the lock). */
    @WithDefault("true")
    boolean relayEnabled();

    /** Fallback poll when no NOTIFY arrives; NOTIFY wakes the relay at once on commit. */
    @WithDefault("2s")
    Duration pollInterval();

    /** How often a standby instance tries to take over the relay lock. */
    @WithDefault("2s")
    Duration standbyInterval();

    /** Longest pause between attempts while Kafka is unreachable. */
    @WithDefault("5s")
    Duration maxBackoff();

    @WithDefault("500")
    int batchSize();

    /** How long the producer waits for Kafka per attempt before the relay backs off and retries. */
    @WithDefault("10s")
    Duration deliveryTimeout();
}
