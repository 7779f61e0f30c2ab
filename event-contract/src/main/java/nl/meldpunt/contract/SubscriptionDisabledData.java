package nl.meldpunt.contract;

import java.util.UUID;

/** Data of {@code subscription.disabled}: a webhook endpoint answered 410 or retries ran out. */
public record SubscriptionDisabledData(UUID subscriptionId, String url, String reason) {
}
