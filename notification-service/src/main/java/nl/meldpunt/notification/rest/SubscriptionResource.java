package nl.meldpunt.notification.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Severity;
import nl.meldpunt.notification.config.WebhookConfig;
import nl.meldpunt.notification.domain.webhook.DeliveryOutcome;
import nl.meldpunt.notification.domain.webhook.WebhookUrlPolicy;
import nl.meldpunt.notification.events.EventFilter;
import nl.meldpunt.notification.webhook.DeliveryQueue;
import nl.meldpunt.notification.webhook.StoredSubscription;
import nl.meldpunt.notification.webhook.Subscriptions;
import nl.meldpunt.notification.webhook.WebhookPing;
import nl.meldpunt.support.rest.Callers;
import nl.meldpunt.support.rest.ListPage;
import nl.meldpunt.support.rest.PageRequest;
import nl.meldpunt.support.rest.Problem;
import nl.meldpunt.support.rest.ProblemException;
import nl.meldpunt.support.rest.QueryParams;

@Path("/subscriptions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhook subscriptions", description = "Signed, retried, ordered deliveries of case events (Standard Webhooks 1.0); "
        + "docs/webhooks.md")
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "400", description = "Invalid input: the problem names each field and the reason",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "No valid bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The role does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class SubscriptionResource {

    private static final String PROBLEM = Problem.MEDIA_TYPE;
    private static final int MAX_URL = 2000;
    private static final int MAX_DESCRIPTION = 500;
    private static final String ROLES_NOTE = " Analysts receive every case event; investigators those of the cases their "
            + "authority investigates; viewers the redacted view (the reader rule, docs/design.md).";

    @Inject
    Subscriptions subscriptions;

    @Inject
    DeliveryQueue queue;

    @Inject
    WebhookPing ping;

    @Inject
    Callers callers;

    private final WebhookUrlPolicy policy;

    @Inject
    SubscriptionResource(WebhookConfig config) {
        this.policy = new WebhookUrlPolicy(config.network(), WebhookUrlPolicy.Resolver.SYSTEM);
    }

    public record FilterRequest(
            @Schema(description = "Only this incident's events (its id)") String incidentId,
            @Schema(description = "Only cases this authority investigates: IGJ, AP, CSIRT, ...") String authority,
            @Schema(description = "Event names (incident.triaged) or families (incident.*, investigation.*, obligation.*)")
            List<String> types,
            @Schema(description = "LOW, MEDIUM, HIGH or CRITICAL") String minSeverity) {
    }

    public record SubscriptionRequest(
            @Schema(description = "Where to POST: https on a public address (loopback allowed on one machine)", required = true)
            String url,
            String description,
            FilterRequest filter) {
    }

    public record RecoverRequest(@Schema(description = "Every message given up since then is queued again", required = true)
            String since) {
    }

    public record Recovered(int queued) {
    }

    public record PingResult(String messageId, String result, Integer status, long durationMs, String error, String responseBody) {
    }

    @POST
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subscribe", description = "Creates a subscription owned by the caller's token. The answer carries the "
            + "signing secret, shown this once." + ROLES_NOTE)
    @APIResponse(responseCode = "201", description = "Created, with the secret",
            content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    public Response create(SubscriptionRequest body) {
        Subscriptions.Created created = subscriptions.create(callers.current(), request(body));
        return Response.status(Response.Status.CREATED).entity(SubscriptionView.of(created.subscription(), created.secret()))
                .location(java.net.URI.create("/subscriptions/" + created.subscription().id))
                .tag(tag(created.subscription())).build();
    }

    @GET
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Operation(summary = "List the caller's subscriptions", description = "Newest first, in the list envelope of docs/api.md.")
    @APIResponse(responseCode = "200", description = "One page: items, total, page, size, nextCursor")
    public ListPage<SubscriptionView> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        return subscriptions.list(callers.current(), PageRequest.of(page, size, cursor, 50, 200))
                .map(s -> SubscriptionView.of(s, null));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Operation(summary = "Read a subscription", description = "Sends an ETag with the version.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "404", description = "No such subscription of the caller's", content = @Content(mediaType = PROBLEM))
    public Response get(@PathParam("id") String id) {
        StoredSubscription s = subscriptions.get(callers.current(), pathId(id));
        return Response.ok(SubscriptionView.of(s, null)).tag(tag(s)).build();
    }

    @PUT
    @Path("{id}")
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a subscription", description = "Replaces url, description and filter; events consumed from now "
            + "on are matched against the new filter. Honours If-Match.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "404", description = "No such subscription of the caller's", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "If-Match is stale", content = @Content(mediaType = PROBLEM))
    public Response update(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, SubscriptionRequest body) {
        StoredSubscription s = subscriptions.update(callers.current(), pathId(id), ifMatch, request(body));
        return Response.ok(SubscriptionView.of(s, null)).tag(tag(s)).build();
    }

    @POST
    @Path("{id}/pause")
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Operation(summary = "Pause deliveries", description = "ACTIVE to PAUSED. Messages keep being recorded and wait, in order. "
            + "Honours If-Match.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "404", description = "No such subscription of the caller's", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Not ACTIVE", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "If-Match is stale", content = @Content(mediaType = PROBLEM))
    public Response pause(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        StoredSubscription s = subscriptions.pause(callers.current(), pathId(id), ifMatch);
        return Response.ok(SubscriptionView.of(s, null)).tag(tag(s)).build();
    }

    @POST
    @Path("{id}/resume")
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Operation(summary = "Resume deliveries", description = "PAUSED or DISABLED to ACTIVE: what waited is delivered, oldest "
            + "first per incident. Honours If-Match.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "404", description = "No such subscription of the caller's", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "ACTIVE already", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "If-Match is stale", content = @Content(mediaType = PROBLEM))
    public Response resume(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        StoredSubscription s = subscriptions.resume(callers.current(), pathId(id), ifMatch);
        return Response.ok(SubscriptionView.of(s, null)).tag(tag(s)).build();
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Operation(summary = "Delete a subscription", description = "With its messages and delivery log. Honours If-Match.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such subscription of the caller's", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "If-Match is stale", content = @Content(mediaType = PROBLEM))
    public Response delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        subscriptions.delete(callers.current(), pathId(id), ifMatch);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/secret/rotate")
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Operation(summary = "Rotate the secret", description = "A new secret, shown once. The old one keeps signing beside it "
            + "(two signatures in webhook-signature) until previousSecretValidUntil (meldpunt.webhooks.secret-overlap, 24 h).")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "404", description = "No such subscription of the caller's", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "If-Match is stale", content = @Content(mediaType = PROBLEM))
    public Response rotate(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        Subscriptions.Created rotated = subscriptions.rotate(callers.current(), pathId(id), ifMatch);
        return Response.ok(SubscriptionView.of(rotated.subscription(), rotated.secret())).tag(tag(rotated.subscription())).build();
    }

    @POST
    @Path("{id}/test")
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Operation(summary = "Send a test ping", description = "One signed nl.meldpunt.webhook.ping.v1 message, sent now whatever "
            + "the subscription's state, and recorded in its delivery log. The answer tells how the receiver answered.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PingResult.class)))
    @APIResponse(responseCode = "404", description = "No such subscription of the caller's", content = @Content(mediaType = PROBLEM))
    public PingResult test(@PathParam("id") String id) {
        StoredSubscription s = subscriptions.get(callers.current(), pathId(id));
        DeliveryOutcome o = ping.ping(s);
        return new PingResult(null, o.result().name(), o.status().isPresent() ? o.status().getAsInt() : null,
                o.duration().toMillis(), o.error(), o.responseBody().isEmpty() ? null : o.responseBody());
    }

    @GET
    @Path("{id}/deliveries")
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Operation(summary = "The delivery log", description = "Every attempt, newest first: result (DELIVERED, RETRY, GONE, "
            + "REFUSED, SKIPPED), HTTP status, duration, error and the first KiB of the receiver's answer.")
    @APIResponse(responseCode = "200", description = "One page in the list envelope of docs/api.md")
    @APIResponse(responseCode = "404", description = "No such subscription of the caller's", content = @Content(mediaType = PROBLEM))
    public ListPage<DeliveryQueue.Attempt> deliveries(@PathParam("id") String id,
            @Parameter(description = "DELIVERED, RETRY, GONE, REFUSED or SKIPPED") @QueryParam("result") String result,
            @QueryParam("size") Integer size, @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        UUID sid = subscriptions.get(callers.current(), pathId(id)).id;
        String r = oneOf("result", result, List.of("DELIVERED", "RETRY", "GONE", "REFUSED", "SKIPPED"));
        PageRequest paging = PageRequest.of(null, size, cursor, 50, 500);
        List<DeliveryQueue.Attempt> rows = queue.attempts(sid, r, after(paging), paging.size() + 1);
        return paging.answer(rows, queue.countAttempts(sid, r), a -> List.of(Long.toString(a.id())));
    }

    @GET
    @Path("{id}/messages")
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Operation(summary = "The messages", description = "One per event, newest first: PENDING (with its next attempt), "
            + "DELIVERED, FAILED (given up) or SKIPPED (the case is no longer visible to the subscriber).")
    @APIResponse(responseCode = "200", description = "One page in the list envelope of docs/api.md")
    @APIResponse(responseCode = "404", description = "No such subscription of the caller's", content = @Content(mediaType = PROBLEM))
    public ListPage<DeliveryQueue.Message> messages(@PathParam("id") String id,
            @Parameter(description = "PENDING, DELIVERED, FAILED or SKIPPED") @QueryParam("state") String state,
            @QueryParam("size") Integer size, @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        UUID sid = subscriptions.get(callers.current(), pathId(id)).id;
        String s = oneOf("state", state, List.of("PENDING", "DELIVERED", "FAILED", "SKIPPED"));
        PageRequest paging = PageRequest.of(null, size, cursor, 50, 500);
        List<DeliveryQueue.Message> rows = queue.messages(sid, s, after(paging), paging.size() + 1);
        return paging.answer(rows, queue.countMessages(sid, s), m -> List.of(Long.toString(m.id())));
    }

    @POST
    @Path("{id}/messages/{messageId}/redeliver")
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Operation(summary = "Redeliver one message", description = "A DELIVERED or FAILED message is queued again, with the same "
            + "webhook-id and a fresh schedule.")
    @APIResponse(responseCode = "202", description = "Queued")
    @APIResponse(responseCode = "404", description = "No such subscription or message", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "The message is PENDING or SKIPPED", content = @Content(mediaType = PROBLEM))
    public Response redeliver(@PathParam("id") String id, @PathParam("messageId") String messageId) {
        UUID sid = subscriptions.get(callers.current(), pathId(id)).id;
        if (!queue.redeliver(sid, messageId)) {
            if (queue.messageState(sid, messageId).isEmpty()) {
                throw ProblemException.notFound("no message " + messageId + " in subscription " + sid);
            }
            throw ProblemException.conflict("message " + messageId + " is pending or was skipped; only a DELIVERED or FAILED "
                    + "message is redelivered");
        }
        return Response.accepted().build();
    }

    @POST
    @Path("{id}/recover")
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Recover failed messages", description = "Every message given up (FAILED) since the time is queued "
            + "again. A DISABLED subscription delivers them once resumed.")
    @APIResponse(responseCode = "202", description = "Queued: how many messages",
            content = @Content(schema = @Schema(implementation = Recovered.class)))
    @APIResponse(responseCode = "404", description = "No such subscription of the caller's", content = @Content(mediaType = PROBLEM))
    public Response recover(@PathParam("id") String id, RecoverRequest body) {
        UUID sid = subscriptions.get(callers.current(), pathId(id)).id;
        Instant since = body == null ? null : QueryParams.instant("since", body.since());
        if (since == null) {
            throw ProblemException.invalid("since", "is required: every message given up since then is queued again ("
                    + QueryParams.TIME_FORMS + ")");
        }
        return Response.accepted(new Recovered(queue.recover(sid, since))).build();
    }

    // ---- input ----------------------------------------------------------------------------------

    private Subscriptions.Request request(SubscriptionRequest body) {
        if (body == null) {
            throw ProblemException.invalid("body", "is required: {url, description?, filter?}");
        }
        if (body.url() == null || body.url().isBlank()) {
            throw ProblemException.invalid("url", "is required: where Meldpunt POSTs the events");
        }
        String url = body.url().trim();
        if (url.length() > MAX_URL) {
            throw ProblemException.invalid("url", "must be at most " + MAX_URL + " characters");
        }
        WebhookUrlPolicy.Verdict verdict = policy.check(url);
        if (!verdict.allowed()) {
            throw ProblemException.invalid("url", verdict.reason());
        }
        if (body.description() != null && body.description().length() > MAX_DESCRIPTION) {
            throw ProblemException.invalid("description", "must be at most " + MAX_DESCRIPTION + " characters");
        }
        FilterRequest f = body.filter();
        EventFilter filter = EventFilter.ALL;
        if (f != null) {
            java.util.Set<String> types;
            try {
                types = EventFilter.types(f.types());
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("filter.types", e.getMessage());
            }
            filter = new EventFilter(QueryParams.uuid("filter.incidentId", f.incidentId()),
                    QueryParams.enumValue("filter.authority", Authority.class, f.authority()), types,
                    QueryParams.enumValue("filter.minSeverity", Severity.class, f.minSeverity()));
        }
        return new Subscriptions.Request(url, body.description(), filter);
    }

    private static UUID pathId(String id) {
        return QueryParams.pathId("id", id);
    }

    private static Long after(PageRequest paging) {
        if (!paging.byCursor()) {
            return null;
        }
        try {
            return Long.parseLong(paging.cursorParts(1).get(0));
        } catch (NumberFormatException e) {
            throw PageRequest.invalidCursor();
        }
    }

    private static String oneOf(String field, String value, List<String> allowed) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim().toUpperCase(java.util.Locale.ROOT);
        if (!allowed.contains(v)) {
            throw ProblemException.invalid(field, "must be one of " + String.join(", ", allowed));
        }
        return v;
    }

    private static EntityTag tag(StoredSubscription s) {
        return new EntityTag(String.valueOf(s.version));
    }
}
