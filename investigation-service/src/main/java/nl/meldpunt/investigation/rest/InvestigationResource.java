package nl.meldpunt.investigation.rest;

import java.net.URI;
import java.util.Arrays;
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
import nl.meldpunt.contract.Finding;
import nl.meldpunt.contract.InvestigationSnapshot;
import nl.meldpunt.contract.InvestigationStatus;
import nl.meldpunt.contract.Outcome;
import nl.meldpunt.contract.Visibility;
import nl.meldpunt.investigation.config.InvestigationConfig;
import nl.meldpunt.investigation.service.InvestigationAccess;
import nl.meldpunt.investigation.service.InvestigationSearch;
import nl.meldpunt.investigation.service.InvestigationService;
import nl.meldpunt.investigation.service.InvestigationView;
import nl.meldpunt.support.rest.Caller;
import nl.meldpunt.support.rest.Callers;
import nl.meldpunt.support.rest.ListPage;
import nl.meldpunt.support.rest.PageRequest;
import nl.meldpunt.support.rest.Problem;
import nl.meldpunt.support.rest.ProblemException;
import nl.meldpunt.support.rest.QueryParams;

@Path("/investigations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Investigations")
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "400", description = "Invalid input: the problem names each field and the reason",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "No valid bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "Role, authority or TLP does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class InvestigationResource {

    private static final String PROBLEM = Problem.MEDIA_TYPE;

    @Inject
    InvestigationService investigations;

    @Inject
    InvestigationSearch search;

    @Inject
    InvestigationAccess access;

    @Inject
    InvestigationConfig config;

    @Inject
    Callers callers;

    /** Body of {@code POST /investigations}. */
    public record OpenRequest(
            @Schema(required = true) UUID incidentId,
            @Schema(required = true) Authority authority,
            @Schema(required = true, description = "Why the authority investigates, e.g. its legal basis",
                    maxLength = 1000) String basis) {
    }

    /** Body of {@code /assign}. */
    public record AssignRequest(
            @Schema(required = true, description = "Subject of the investigator", maxLength = 200) String assignee) {
    }

    /** Body of {@code /findings}. */
    public record FindingRequest(
            @Schema(required = true, maxLength = 10000, description = "Must not contain data about data subjects")
            String text,
            @Schema(required = true, description = "AUTHORITY: the recording authority only; SHARED: every authority "
                    + "investigating the incident") Visibility visibility) {
    }

    /** Body of {@code /conclude}. */
    public record ConclusionRequest(
            @Schema(required = true) Outcome outcome,
            @Schema(required = true, maxLength = 10000) String summary,
            @Schema(description = "Measures the authority requires or recommends", maxItems = 50) List<String> measures) {
    }

    @GET
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Operation(summary = "List investigations", description = "Newest first, in the list envelope of docs/api.md. Investigators see the investigations into "
            + "incidents their authority investigates; viewers see no TLP:RED incident, and AMBER ones without free text.")
    @APIResponse(responseCode = "200", description = "One page in the list envelope of docs/api.md: items, total, page, size, "
            + "nextCursor")
    public ListPage<InvestigationView> list(
            @Parameter(description = "Only investigations into this incident: its id or its reference (INC-2026-000005)")
            @QueryParam("incidentId") String incidentId,
            @Parameter(schema = @Schema(implementation = Authority.class)) @QueryParam("authority") String authority,
            @Parameter(schema = @Schema(implementation = InvestigationStatus.class)) @QueryParam("status") String status,
            @Parameter(description = "Zero-based page number") @QueryParam("page") Integer page,
            @Parameter(description = "Page size, 100 unless given") @QueryParam("size") Integer size,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        PageRequest paging = PageRequest.of(page, size, cursor, config.paging().defaultSize(), config.paging().maxSize());
        QueryParams.IncidentKey incident = QueryParams.incident("incidentId", incidentId);
        InvestigationSearch.Filter filter = new InvestigationSearch.Filter(incident.id(), incident.reference(),
                QueryParams.enumValue("authority", Authority.class, authority), QueryParams.enumValue("status", InvestigationStatus.class, status));
        ListPage<InvestigationSnapshot> found = search.search(filter, paging, caller().reader());
        // The page was cut after the reader rule's row filter; here each item gets the view its reader may see.
        List<InvestigationView> views = access.visibleList(caller(), found.items());
        return new ListPage<>(views, found.total(), found.page(), found.size(), found.nextCursor());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Operation(summary = "Read an investigation", description = "Sends an ETag with the version. Findings are those the "
            + "caller may read: the SHARED ones for analysts; the own authority's and every SHARED one for investigators; none for viewers.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = InvestigationView.class)))
    @APIResponse(responseCode = "404", description = "No such investigation", content = @Content(mediaType = PROBLEM))
    public Response get(@PathParam("id") UUID id) {
        return withEtag(access.visible(caller(), current(id)));
    }

    @GET
    @Path("{id}/findings/{findingId}")
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Operation(summary = "Read a finding", description = "An AUTHORITY finding is for its own authority "
            + "only; a SHARED one for analysts and every authority investigating the incident. Viewers read no findings; "
            + "a finding the caller may not read answers 404.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Finding.class)))
    @APIResponse(responseCode = "404", description = "No such investigation or finding", content = @Content(mediaType = PROBLEM))
    public Finding finding(@PathParam("id") UUID id, @PathParam("findingId") UUID findingId) {
        return access.visibleFinding(caller(), current(id), findingId);
    }

    @POST
    @RolesAllowed({"analyst", "investigator"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Open an investigation by hand", description = "For example an independent investigation "
            + "commissioned by the screening organisation. An investigator opens only for their own authority; an analyst "
            + "for any. The incident must be TRIAGED or INVESTIGATING. Emits investigation.opened.")
    @APIResponse(responseCode = "201", description = "Opened; Location names the investigation",
            content = @Content(schema = @Schema(implementation = InvestigationView.class)))
    @APIResponse(responseCode = "409", description = "The authority already investigates the incident, or the incident "
            + "is not open to investigation", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "422", description = "The incident is unknown", content = @Content(mediaType = PROBLEM))
    public Response open(OpenRequest body) {
        OpenRequest r = required(body);
        InvestigationSnapshot opened = investigations.open(r.incidentId(), r.authority(), r.basis(), caller());
        return Response.created(URI.create("/investigations/" + opened.id()))
                .tag(new EntityTag(String.valueOf(opened.version())))
                .entity(access.visible(caller(), opened)).build();
    }

    @POST
    @Path("{id}/assign")
    @RolesAllowed({"analyst", "investigator"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Assign", description = "OPEN or IN_PROGRESS to IN_PROGRESS with this assignee; hands it over "
            + "when already in progress. Emits investigation.assigned. Honours If-Match.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = InvestigationView.class)))
    @APIResponse(responseCode = "404", description = "No such investigation", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "The investigation is concluded", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "If-Match is stale", content = @Content(mediaType = PROBLEM))
    public Response assign(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, AssignRequest body) {
        return withEtag(access.visible(caller(), investigations.assign(id, required(body).assignee(), ifMatch, caller())));
    }

    @POST
    @Path("{id}/findings")
    @RolesAllowed({"analyst", "investigator"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record a finding", description = "While OPEN or IN_PROGRESS. AUTHORITY findings stay with the "
            + "investigation's authority; SHARED ones reach every authority on the incident. Emits "
            + "investigation.finding-recorded. Honours If-Match; the ETag answered is the investigation's new version.")
    @APIResponse(responseCode = "201", description = "Recorded; Location names the finding",
            content = @Content(schema = @Schema(implementation = Finding.class)))
    @APIResponse(responseCode = "404", description = "No such investigation", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "The investigation is concluded", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "If-Match is stale", content = @Content(mediaType = PROBLEM))
    public Response recordFinding(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, FindingRequest body) {
        FindingRequest r = required(body);
        InvestigationService.Recorded recorded = investigations.recordFinding(id, r.text(), r.visibility(), ifMatch, caller());
        return Response.created(URI.create("/investigations/" + id + "/findings/" + recorded.finding().id()))
                .tag(new EntityTag(String.valueOf(recorded.investigation().version())))
                .entity(recorded.finding()).build();
    }

    @POST
    @Path("{id}/conclude")
    @RolesAllowed({"analyst", "investigator"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Conclude", description = "IN_PROGRESS to CONCLUDED with outcome, summary and measures. ORDER "
            + "and FINE need enforcement powers (IGJ, AP). Emits investigation.concluded. Honours If-Match.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = InvestigationView.class)))
    @APIResponse(responseCode = "404", description = "No such investigation", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Not assigned yet, or already concluded",
            content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "If-Match is stale", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "422", description = "The authority has no power to reach this outcome",
            content = @Content(mediaType = PROBLEM))
    public Response conclude(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, ConclusionRequest body) {
        ConclusionRequest r = required(body);
        return withEtag(access.visible(caller(),
                investigations.conclude(id, r.outcome(), r.summary(), r.measures(), ifMatch, caller())));
    }

    private Caller caller() {
        return callers.current();
    }

    private InvestigationSnapshot current(UUID id) {
        return search.find(id).orElseThrow(() -> ProblemException.notFound("no investigation " + id));
    }

    private static Response withEtag(InvestigationView v) {
        return Response.ok(v).tag(new EntityTag(String.valueOf(v.version()))).build();
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw ProblemException.invalid("body", "is required");
        }
        return body;
    }


}
