package nl.meldpunt.contract;

import java.util.UUID;

/** Data of {@code subscription.disabled}: a webhook endpoint answered 410 or retries ran out. */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record SubscriptionDisabledData(UUID subscriptionId, String url, String reason) {
}
