package nl.meldpunt.notification.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import nl.meldpunt.notification.domain.webhook.WebhookUrlPolicy.Network;

/** How webhooks are sent (issue 10, Standard Webhooks 1.0). */
@ConfigMapping(prefix = "meldpunt.webhooks")
public interface WebhookConfig {

    /** How long one attempt may take before it counts as a failure; issue 10 sets 15 s. */
    @WithDefault("15s")
    Duration timeout();

    /**
     * Where receivers may live: PUBLIC_ONLY (https, public addresses) in production;
     * LOOPBACK_ALLOWED in %dev, %test and under {@code ./meldpunt up}, which sets
     * {@code MELDPUNT_WEBHOOKS_NETWORK}.
     */
    @WithDefault("PUBLIC_ONLY")
    Network network();
}
