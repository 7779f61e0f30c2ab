package nl.meldpunt.notification.dashboard;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.Topic;
import nl.meldpunt.notification.stream.StreamCallers;
import nl.meldpunt.notification.stream.Tickets;
import nl.meldpunt.support.rest.Problem;

/**
 * The live dashboard: a snapshot to start from ({@code /dashboard/summary}) and the page that
 * applies the stream to it ({@code /dashboard}). A browser signs in once with a ticket and from
 * then on carries an HttpOnly, SameSite=Strict session cookie that ends with the token behind it.
 */
@Path("/dashboard")
@Tag(name = "Dashboard", description = "The live dashboard and the snapshot it starts from (docs/streams.md)")
public class DashboardResource {

    @Inject
    Dashboards dashboards;

    @Inject
    StreamCallers callers;

    @Inject
    Tickets tickets;

    @Inject
    Template dashboard;

    @GET
    @Path("/summary")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "SecurityScheme")
    @Operation(summary = "Dashboard snapshot", description = "Open incidents by status and severity, obligations due soon and "
            + "overdue with their due times, and the stream position the snapshot reflects: apply GET /streams/events from "
            + "lastEventId=position. The reader rule applies: a viewer counts only what a viewer may see. Bearer token or "
            + "the dashboard's session cookie.")
    @APIResponse(responseCode = "200", description = "The snapshot")
    @APIResponse(responseCode = "401", description = "No valid bearer token or session",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DashboardSummary summary(@CookieParam(StreamCallers.SESSION_COOKIE) String session) {
        return dashboards.summary(callers.resolve(null, session).caller().reader());
    }

    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The live dashboard page", description = "HTML; sign in through /dashboard/sign-in first")
    @APIResponse(responseCode = "200", description = "The page")
    public TemplateInstance page(@CookieParam(StreamCallers.SESSION_COOKIE) String session) {
        Tickets.Holder holder = tickets.session(session).orElse(null);
        String types = Arrays.stream(EventType.values()).filter(t -> t.topic() == Topic.INCIDENT_EVENTS
                || t.topic() == Topic.INVESTIGATION_EVENTS || t.eventName().startsWith("obligation."))
                .map(EventType::eventName).collect(Collectors.joining(" "));
        return dashboard.data("signedIn", holder != null)
                .data("subject", holder == null ? "" : holder.caller().subject())
                .data("role", holder == null ? "" : holder.caller().role().claim())
                .data("types", types);
    }

    @GET
    @Path("/sign-in")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Exchange a sign-in ticket for a session", description = "Redeems a DASHBOARD ticket from "
            + "POST /streams/tickets once, sets an HttpOnly, SameSite=Strict session cookie that ends with the token the "
            + "ticket was issued for, and redirects to /dashboard.")
    @APIResponse(responseCode = "303", description = "Signed in: on to /dashboard")
    @APIResponse(responseCode = "401", description = "The ticket is unknown, used or expired")
    public Response signIn(@QueryParam("ticket") String ticket, @Context UriInfo uri) {
        return tickets.redeem(ticket, Tickets.Purpose.DASHBOARD).map(holder -> {
            String value = tickets.openSession(holder);
            long maxAge = Math.max(0, Duration.between(Instant.now(), holder.endsAt()).getSeconds());
            NewCookie cookie = new NewCookie.Builder(StreamCallers.SESSION_COOKIE).value(value).path("/").httpOnly(true)
                    .secure("https".equals(uri.getRequestUri().getScheme())).sameSite(NewCookie.SameSite.STRICT)
                    .maxAge((int) Math.min(Integer.MAX_VALUE, maxAge)).build();
            return Response.seeOther(URI.create("/dashboard")).cookie(cookie).build();
        }).orElseGet(() -> Response.status(401).type(MediaType.TEXT_HTML).entity("<!doctype html><title>Meldpunt dashboard</title>"
                + "<p>This sign-in link was already used or has expired. Ask for a new one: POST /streams/tickets with "
                + "{\"purpose\":\"DASHBOARD\"} and your bearer token (docs/operations.md, \"Dashboard sign-in\").</p>").build());
    }

    @POST
    @Path("/sign-out")
    @PermitAll
    @Operation(summary = "End the dashboard session")
    @APIResponse(responseCode = "303", description = "Signed out")
    public Response signOut(@CookieParam(StreamCallers.SESSION_COOKIE) String session) {
        tickets.endSession(session);
        NewCookie gone = new NewCookie.Builder(StreamCallers.SESSION_COOKIE).value("").path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(0).build();
        return Response.seeOther(URI.create("/dashboard")).cookie(gone).build();
    }
}
