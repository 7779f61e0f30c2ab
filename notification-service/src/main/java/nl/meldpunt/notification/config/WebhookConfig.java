package nl.meldpunt.notification.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import nl.meldpunt.notification.domain.webhook.RetrySchedule;
import nl.meldpunt.notification.domain.webhook.WebhookUrlPolicy.Network;

/** How webhooks are sent (docs/webhooks.md, Standard Webhooks 1.0). */
@ConfigMapping(prefix = "meldpunt.webhooks")
public interface WebhookConfig {

    /** How long one attempt may take before it counts as a failure. */
    @WithDefault("15s")
    Duration timeout();

    /**
     * Where receivers may live: PUBLIC_ONLY (https, public addresses) in production;
     * LOOPBACK_ALLOWED in %dev, %test and under {@code ./meldpunt up}, which sets
     * {@code MELDPUNT_WEBHOOKS_NETWORK}.
     */
    @WithDefault("PUBLIC_ONLY")
    Network network();

    /** The wait before each attempt; after the last the message is given up (see {@link RetrySchedule#parse}). */
    @WithDefault(RetrySchedule.DEFAULT)
    String schedule();

    /** Each wait is spread by up to this fraction, so that many failing messages do not retry in one second. */
    @WithDefault("0.2")
    double jitter();

    /** Delivery threads per instance: how many receivers are called at once. */
    @WithDefault("8")
    int workers();

    /**
     * How often an idle worker looks for due messages. New events wake the workers of the instance
     * that consumed them at once; this bounds the wait for retries and for other instances' messages.
     */
    @WithDefault("1s")
    Duration poll();

    /** A subscription whose receiver has failed without a single success for this long is disabled. */
    @WithDefault("5d")
    Duration disableAfter();

    /** After a secret rotation the old secret signs too, for this long, so receivers can switch without a gap. */
    @WithDefault("24h")
    Duration secretOverlap();

    /** How often the backlog gauges (pending, oldest, disabled) are read from the database. */
    @WithDefault("5s")
    Duration metricsEvery();

    /** Delivered, given-up and skipped messages and their attempts are deleted after this long. */
    @WithDefault("30d")
    Duration keep();
}
