package nl.meldpunt.notification.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import nl.meldpunt.notification.webhook.StoredSubscription;

/** A webhook subscription as its owner reads it. The secret is in the answer only when it was just made. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionView(
        UUID id,
        String url,
        String description,
        Filter filter,
        @Schema(description = "ACTIVE, PAUSED (by its owner) or DISABLED (after failing; resume to deliver what waited)")
        String state,
        String disabledReason,
        Instant disabledAt,
        @Schema(description = "The first failed attempt since the last success")
        Instant failingSince,
        @Schema(description = "Until then the previous secret signs too (after a rotation)")
        Instant previousSecretValidUntil,
        @Schema(description = "whsec_ followed by the base64 of 32 random bytes: shown once, on creation and rotation")
        String secret,
        String owner,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Filter(
            @Schema(description = "Only this incident's events") UUID incidentId,
            @Schema(description = "Only cases this authority investigates") String authority,
            @Schema(description = "Event names (incident.triaged) or families (obligation.*)") List<String> types,
            @Schema(description = "Only incidents of at least this severity: LOW, MEDIUM, HIGH or CRITICAL") String minSeverity) {
    }

    static SubscriptionView of(StoredSubscription s, String secret) {
        List<String> types = s.filterTypes == null ? List.of() : List.of(s.filterTypes.split(","));
        Instant previousUntil = s.previousSecret != null && s.previousSecretUntil != null
                && s.previousSecretUntil.isAfter(Instant.now()) ? s.previousSecretUntil : null;
        return new SubscriptionView(s.id, s.url, s.description,
                new Filter(s.filterIncidentId, s.filterAuthority, types, s.filterMinSeverity), s.state.name(),
                s.disabledReason, s.disabledAt, s.failingSince, previousUntil, secret, s.ownerSubject, s.createdAt, s.updatedAt,
                s.version);
    }
}
