package nl.meldpunt.notification.rest;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import nl.meldpunt.contract.ObligationState;
import nl.meldpunt.notification.config.ObligationConfig;
import nl.meldpunt.notification.domain.DraftMarkdown;
import nl.meldpunt.notification.domain.NotificationDraft;
import nl.meldpunt.notification.domain.NotificationDrafts;
import nl.meldpunt.notification.domain.Obligation;
import nl.meldpunt.notification.service.ObligationAccess;
import nl.meldpunt.notification.service.ObligationSearch;
import nl.meldpunt.notification.service.ObligationService;
import nl.meldpunt.support.rest.Caller;
import nl.meldpunt.support.rest.Callers;
import nl.meldpunt.support.rest.ListPage;
import nl.meldpunt.support.rest.PageRequest;
import nl.meldpunt.support.rest.Problem;
import nl.meldpunt.support.rest.ProblemException;
import nl.meldpunt.support.rest.QueryParams;

@Path("/obligations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Obligations", description = "Regulatory clocks: GDPR Art. 33/34, NIS2 Art. 23, Wkkgz Art. 11")
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "400", description = "Invalid input: the problem names each field and the reason",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "No valid bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "Role, authority or TLP does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ObligationResource {

    static final String MARKDOWN = "text/markdown";
    private static final String PROBLEM = Problem.MEDIA_TYPE;
    private static final int MAX_TEXT = 5000;
    private static final int MAX_REFERENCE = 200;

    @Inject
    ObligationService obligations;

    @Inject
    ObligationAccess access;

    @Inject
    ObligationSearch search;

    @Inject
    ObligationConfig config;

    @Inject
    java.time.Clock clock;

    @Inject
    Callers callers;

    /**
     * Body of {@code /fulfil}: the names of the response and of {@code obligation.fulfilled}
     * (docs/api.md "Names"). {@code submittedAt} and {@code reference} are the names before; they are
     * accepted until the next release.
     */
    public record FulfilRequest(
            @Schema(description = "When the notification was submitted (ISO-8601 with offset)", required = true)
            Instant fulfilledAt,
            @Schema(description = "Reference of the submission, e.g. the recipient's case number", required = true)
            String submissionReference,
            @Schema(description = "Reasons for a late submission; required for a late GDPR_ART33_AP (Art. 33(1))")
            String delayReason,
            @Schema(description = "Deprecated: use fulfilledAt", deprecated = true) @Deprecated
            Instant submittedAt,
            @Schema(description = "Deprecated: use submissionReference", deprecated = true) @Deprecated
            String reference) {
    }

    /** Body of {@code /waive}; {@code justification} is the name before, accepted until the next release. */
    public record WaiveRequest(
            @Schema(description = "Why no notification is made; documented as GDPR Art. 33(5) requires", required = true)
            String waiveJustification,
            @Schema(description = "Deprecated: use waiveJustification", deprecated = true) @Deprecated
            String justification) {
    }

    @GET
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Operation(summary = "List obligations", description = "Soonest due first, WAITING last, in the list envelope of docs/api.md. Investigators see the "
            + "obligations of incidents their authority investigates; viewers see states and due times, nothing of TLP:RED.")
    @APIResponse(responseCode = "200", description = "One page in the list envelope of docs/api.md: items, total, page, size, "
            + "nextCursor")
    public ListPage<ObligationView> list(
            @Parameter(description = "Only this incident's obligations: its id or its reference (INC-2026-000005)")
            @QueryParam("incidentId") String incidentId,
            @Parameter(description = "WAITING, PENDING, FULFILLED, WAIVED, OVERDUE or WITHDRAWN") @QueryParam("state") String state,
            @Parameter(description = "Only obligations owed by this party (exact name, any case)") @QueryParam("party") String party,
            @QueryParam("page") Integer page, @QueryParam("size") Integer size,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        PageRequest paging = PageRequest.of(page, size, cursor, 100, 500);
        QueryParams.IncidentKey incident = QueryParams.incident("incidentId", incidentId);
        ObligationSearch.Filter filter = new ObligationSearch.Filter(incident.id(), incident.reference(),
                QueryParams.enumValue("state", ObligationState.class, state), party == null || party.isBlank() ? null : party.trim());
        Caller caller = callers.current();
        return search.search(filter, paging, caller.reader()).map(o -> ObligationView.of(o, access.require(caller, o)));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Operation(summary = "Read an obligation", description = "With its history of state changes and their reasons. "
            + "Sends an ETag with the version.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ObligationView.class)))
    @APIResponse(responseCode = "404", description = "No such obligation", content = @Content(mediaType = PROBLEM))
    public Response get(@PathParam("id") UUID id) {
        Obligation o = find(id);
        return withEtag(ObligationView.of(o, access.require(callers.current(), o)), o.version());
    }

    @POST
    @Path("{id}/fulfil")
    @RolesAllowed("analyst")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record the submission", description = "PENDING or OVERDUE to FULFILLED; emits obligation.fulfilled. "
            + "A late GDPR_ART33_AP needs delayReason (GDPR Art. 33(1)). Fulfilling GDPR_ART33_2_CONTROLLER starts that "
            + "controller's own clocks; fulfilling NIS2_NOTIFICATION starts the final report's. Honours If-Match.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ObligationView.class)))
    @APIResponse(responseCode = "404", description = "No such obligation", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "WAITING, or already FULFILLED or WAIVED", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "If-Match is stale", content = @Content(mediaType = PROBLEM))
    public Response fulfil(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, FulfilRequest body) {
        if (body == null) {
            throw ProblemException.invalid("body", "is required: {fulfilledAt, submissionReference, delayReason?}");
        }
        Instant fulfilledAt = QueryParams.renamed("fulfilledAt", body.fulfilledAt(), "submittedAt", body.submittedAt());
        String reference = QueryParams.renamed("submissionReference", body.submissionReference(), "reference", body.reference());
        if (fulfilledAt == null) {
            throw ProblemException.invalid("fulfilledAt", "is required: when the notification was submitted");
        }
        limit("submissionReference", reference, MAX_REFERENCE);
        limit("delayReason", body.delayReason(), MAX_TEXT);
        Obligation o = obligations.fulfil(id, fulfilledAt, reference, body.delayReason(), ifMatch, callers.current());
        return withEtag(ObligationView.of(o, access.require(callers.current(), o)), o.version());
    }

    @POST
    @Path("{id}/waive")
    @RolesAllowed("analyst")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Waive", description = "WAITING, PENDING or OVERDUE to WAIVED, with a waiveJustification as GDPR "
            + "Art. 33(5) requires. Emits obligation.waived. Honours If-Match.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ObligationView.class)))
    @APIResponse(responseCode = "404", description = "No such obligation", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Already FULFILLED or WAIVED", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "If-Match is stale", content = @Content(mediaType = PROBLEM))
    public Response waive(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, WaiveRequest body) {
        String justification = body == null ? null
                : QueryParams.renamed("waiveJustification", body.waiveJustification(), "justification", body.justification());
        if (justification == null || justification.isBlank()) {
            throw ProblemException.invalid("waiveJustification", "is required: why no notification is made must be "
                    + "documented (GDPR Art. 33(5))");
        }
        limit("waiveJustification", justification, MAX_TEXT);
        Obligation o = obligations.waive(id, justification, ifMatch, callers.current());
        return withEtag(ObligationView.of(o, access.require(callers.current(), o)), o.version());
    }

    @GET
    @Path("{id}/draft")
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Produces({MediaType.APPLICATION_JSON, MARKDOWN})
    @Operation(summary = "Draft the notification", description = "Assembles what the article requires from the case "
            + "facts (GDPR Art. 33(3)(a)-(d), Art. 34(2), NIS2 Art. 23(4)(a)/(b)/(d), Wkkgz Art. 11) with the list of what "
            + "is still missing. JSON by default; Accept: text/markdown gives a document with local times. Not for viewers.")
    @APIResponse(responseCode = "200", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NotificationDraft.class)),
            @Content(mediaType = MARKDOWN, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "404", description = "No such obligation", content = @Content(mediaType = PROBLEM))
    public Response draft(@PathParam("id") UUID id, @Context HttpHeaders headers) {
        Obligation o = find(id);
        access.requireDraft(callers.current(), o);
        NotificationDraft draft = NotificationDrafts.assemble(o, obligations.snapshot(o.incidentId()), clock.instant());
        if (prefersMarkdown(headers.getAcceptableMediaTypes())) {
            ZoneId zone = config.zone();
            return Response.ok(DraftMarkdown.render(draft, zone), MARKDOWN + ";charset=UTF-8").build();
        }
        return Response.ok(draft, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** JSON unless the client prefers Markdown; the list is already ordered by preference. */
    static boolean prefersMarkdown(List<MediaType> acceptable) {
        MediaType markdown = MediaType.valueOf(MARKDOWN);
        for (MediaType m : acceptable) {
            if ("text".equalsIgnoreCase(m.getType()) && "markdown".equalsIgnoreCase(m.getSubtype())) {
                return true;
            }
            if (m.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (m.isCompatible(markdown)) {
                return true;
            }
        }
        return false;
    }

    /** As of now: a past-due PENDING obligation is read as the OVERDUE one it becomes (ObligationService#read). */
    private Obligation find(UUID id) {
        return obligations.read(id).orElseThrow(() -> ProblemException.notFound("no obligation " + id));
    }

    private static Response withEtag(ObligationView view, long version) {
        return Response.ok(view).tag(new EntityTag(String.valueOf(version))).build();
    }

    private static void limit(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw ProblemException.invalid(field, "must be at most " + max + " characters");
        }
    }


}
