package nl.meldpunt.notification.rest;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Severity;
import nl.meldpunt.notification.events.EventFilter;
import nl.meldpunt.notification.stream.StreamCallers;
import nl.meldpunt.notification.stream.Streams;
import nl.meldpunt.notification.stream.Tickets;
import nl.meldpunt.support.rest.Problem;
import nl.meldpunt.support.rest.ProblemException;
import nl.meldpunt.support.rest.QueryParams;

@Path("/streams")
@Tag(name = "Streams", description = "Live Server-Sent Events of every case event, resumable without a gap (docs/streams.md)")
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "400", description = "Invalid input: the problem names each field and the reason",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "No valid bearer token, ticket or session",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class StreamResource {

    @Inject
    Streams streams;

    @Inject
    StreamCallers callers;

    @Inject
    Tickets tickets;

    public record TicketRequest(
            @Schema(description = "STREAM (default): for ?ticket= on /streams/events, valid 60 s. DASHBOARD: a sign-in link "
                    + "for /dashboard/sign-in") String purpose) {
    }

    public record TicketView(String ticket, String purpose, Instant expiresAt, String use) {
    }

    @POST
    @Path("/tickets")
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue a single-use ticket", description = "For a browser's EventSource, which cannot send a bearer "
            + "token: the ticket opens one stream (GET /streams/events?ticket=) or one dashboard session (purpose DASHBOARD). "
            + "What it opens ends when the token that asked for it expires.")
    @APIResponse(responseCode = "201", description = "The ticket; only its hash is kept")
    public Response ticket(TicketRequest request) {
        Tickets.Purpose purpose = request == null || request.purpose() == null ? Tickets.Purpose.STREAM
                : QueryParams.enumValue("purpose", Tickets.Purpose.class, request.purpose().toUpperCase(Locale.ROOT));
        Tickets.Holder holder = callers.bearer();
        Tickets.Ticket t = tickets.issue(holder.caller(), holder.endsAt(), purpose);
        String use = purpose == Tickets.Purpose.STREAM ? "/streams/events?ticket=" + t.value() : "/dashboard/sign-in?ticket=" + t.value();
        return Response.status(201).entity(new TicketView(t.value(), purpose.name(), t.expiresAt(), use)).build();
    }

    @GET
    @Path("/events")
    @PermitAll
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Stream case events", description = "Every incident.*, investigation.* and obligation.* event as "
            + "Server-Sent Events: id is the position in the feed, event the type, data the structured CloudEvent as the "
            + "reader rule lets the caller see it. Resume with Last-Event-ID (header) or lastEventId (query): what was "
            + "missed is replayed, then the stream goes live, with no gap and no duplicate. A resume from before retention "
            + "gets a reset message. Comments are heartbeats; an end message names why the server closed the stream. "
            + "Authentication: bearer token, ?ticket= from POST /streams/tickets, or the dashboard's session cookie.")
    @APIResponse(responseCode = "200", description = "text/event-stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS))
    public void events(@Context SseEventSink sink, @Context Sse sse,
            @Parameter(description = "Only this incident") @QueryParam("incidentId") String incidentId,
            @Parameter(description = "Event names or families, e.g. incident.triaged or obligation.*; repeat or comma-separate")
            @QueryParam("types") List<String> types,
            @Parameter(description = "Only cases this authority investigates") @QueryParam("authority") String authority,
            @Parameter(description = "Only incidents of at least this severity") @QueryParam("minSeverity") String minSeverity,
            @Parameter(description = "Resume after this position (for clients that cannot send the header)")
            @QueryParam("lastEventId") String lastEventIdParam,
            @Parameter(description = "Resume after this position") @HeaderParam("Last-Event-ID") String lastEventIdHeader,
            @Parameter(description = "A single-use ticket from POST /streams/tickets") @QueryParam("ticket") String ticket,
            @CookieParam(StreamCallers.SESSION_COOKIE) String session) {
        EventFilter filter = filter(incidentId, types, authority, minSeverity);
        Long lastEventId = position(lastEventIdHeader != null && !lastEventIdHeader.isBlank() ? "Last-Event-ID" : "lastEventId",
                lastEventIdHeader != null && !lastEventIdHeader.isBlank() ? lastEventIdHeader : lastEventIdParam);
        Tickets.Holder holder = callers.resolve(ticket, session);
        streams.open(holder.streamReader(), filter, lastEventId, sink, sse);
    }

    static EventFilter filter(String incidentId, List<String> types, String authority, String minSeverity) {
        UUID incident = incidentId == null || incidentId.isBlank() ? null : QueryParams.uuid("incidentId", incidentId);
        Authority a = authority == null || authority.isBlank() ? null
                : QueryParams.enumValue("authority", Authority.class, authority.toUpperCase(Locale.ROOT));
        Severity s = minSeverity == null || minSeverity.isBlank() ? null
                : QueryParams.enumValue("minSeverity", Severity.class, minSeverity.toUpperCase(Locale.ROOT));
        List<String> names = types == null ? List.of() : types.stream().flatMap(t -> List.of(t.split(",")).stream())
                .filter(t -> !t.isBlank()).toList();
        try {
            return new EventFilter(incident, a, EventFilter.types(names), s);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("types", e.getMessage());
        }
    }

    private static Long position(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long p = Long.parseLong(value.trim());
            if (p < 0) {
                throw ProblemException.invalid(field, "must be a position of the feed (0 or more), not " + value);
            }
            return p;
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(field, "must be a position of the feed (a whole number), not '" + value + "'");
        }
    }
}
