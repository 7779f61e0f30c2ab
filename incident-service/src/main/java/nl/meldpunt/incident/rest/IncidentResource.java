package nl.meldpunt.incident.rest;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.Authenticated;
import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.IncidentSnapshot;
import nl.meldpunt.contract.IncidentStatus;
import nl.meldpunt.contract.Severity;
import nl.meldpunt.incident.config.IncidentConfig;
import nl.meldpunt.incident.domain.IncidentDetails;
import nl.meldpunt.incident.service.IncidentAccess;
import nl.meldpunt.incident.service.IncidentSearch;
import nl.meldpunt.incident.service.IncidentService;
import nl.meldpunt.support.outbox.ChainVerification;
import nl.meldpunt.support.outbox.EventLog;
import nl.meldpunt.support.rest.Caller;
import nl.meldpunt.support.rest.Callers;
import nl.meldpunt.support.rest.ETags;
import nl.meldpunt.support.rest.ListPage;
import nl.meldpunt.support.rest.PageRequest;
import nl.meldpunt.support.rest.Problem;
import nl.meldpunt.support.rest.ProblemException;
import nl.meldpunt.support.rest.QueryParams;

@Path("/incidents")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Incidents")
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "400", description = "Invalid input: the problem names each field and the reason",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "No valid bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "Role, authority or TLP does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class IncidentResource {

    private static final String PROBLEM = Problem.MEDIA_TYPE;
    static final String MERGE_PATCH = "application/merge-patch+json";

    @Inject
    IncidentService incidents;

    @Inject
    IncidentSearch search;

    @Inject
    IncidentAccess access;

    @Inject
    EventLog eventLog;

    @Inject
    IncidentConfig config;

    @Inject
    Callers callers;

    @Inject
    ObjectMapper json;

    /** Body of {@code /triage}: omit {@code requiredAuthorities} to apply the routing rules. */
    public record TriageRequest(Severity severity, Set<Authority> requiredAuthorities,
            @Schema(description = "Why the analyst triaged it so; recorded in incident.triaged and the timeline", maxLength = 5000)
            String rationale) {
    }

    /** Body of {@code /close}, {@code /reject}, {@code /reopen}. */
    public record Decision(String reason) {
    }

    @POST
    @RolesAllowed("analyst")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report an incident",
            description = "Creates the incident in REPORTED and emits incident.reported. reportedBy comes from the token. "
                    + "With Idempotency-Key, a repeat returns the first response; the same key with another body gets 422.")
    @APIResponse(responseCode = "201", description = "Reported; Location names the incident",
            content = @Content(schema = @Schema(implementation = IncidentSnapshot.class)))
    @APIResponse(responseCode = "413", description = "Body over 64 KiB", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "415", description = "Body is not application/json", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused with another body",
            content = @Content(mediaType = PROBLEM))
    public Response report(IncidentDetails details,
            @Parameter(description = "Client-chosen key that makes a retried POST safe")
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        if (details == null) {
            throw ProblemException.invalid("body", "is required");
        }
        IncidentService.Reported r;
        try {
            r = incidents.report(details, caller(), idempotencyKey);
        } catch (RuntimeException e) {
            // A concurrent request with the same key committed first: answer as it did.
            if (idempotencyKey == null || e instanceof ProblemException) {
                throw e;
            }
            r = incidents.earlierResponse(caller().subject(), idempotencyKey, incidents.hash(details)).orElseThrow(() -> e);
        }
        Response.ResponseBuilder b = Response.created(URI.create("/incidents/" + r.incident().id()))
                .tag(new jakarta.ws.rs.core.EntityTag(String.valueOf(r.incident().version())))
                .type(MediaType.APPLICATION_JSON).entity(r.body());
        if (r.replay()) {
            b.header("Idempotent-Replayed", "true");
        }
        return b.build();
    }

    @GET
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Operation(summary = "Search incidents", description = "Newest first, in the list envelope of docs/api.md. Page with "
            + "page/size, or follow nextCursor. Viewers do not see TLP:RED and see AMBER redacted; investigators see their "
            + "authority's incidents.")
    @APIResponse(responseCode = "200", description = "One page in the list envelope of docs/api.md: items, total, page, size, "
            + "nextCursor")
    public ListPage<IncidentSnapshot> list(@QueryParam("status") String status, @QueryParam("severity") String severity,
            @Parameter(description = "Part of the affected organization's name") @QueryParam("organization") String organization,
            @Parameter(description = "Deprecated spelling of organization, accepted for one release", deprecated = true)
            @QueryParam("organisation") String organisation,
            @Parameter(description = "Free text in title, summary, reference or organisation") @QueryParam("q") String text,
            @Parameter(description = "Only incidents changed at or after this time; " + QueryParams.TIME_FORMS)
            @QueryParam("since") String since,
            @QueryParam("page") Integer page, @QueryParam("size") Integer size, @QueryParam("cursor") String cursor) {
        PageRequest paging = PageRequest.of(page, size, cursor, config.paging().defaultSize(), config.paging().maxSize());
        String org = QueryParams.renamed("organization", organization, "organisation", organisation);
        return search.search(new IncidentSearch.Filter(QueryParams.enumValue("status", IncidentStatus.class, status),
                QueryParams.enumValue("severity", Severity.class, severity), org, text, QueryParams.instant("since", since)),
                paging, caller());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Operation(summary = "Read an incident", description = "Sends an ETag with the version. With asOf, returns the "
            + "incident as it was known at that time, rebuilt from the event log.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = IncidentSnapshot.class)))
    @APIResponse(responseCode = "404", description = "No such incident, or it did not exist yet at asOf",
            content = @Content(mediaType = PROBLEM))
    public Response get(
            @Parameter(description = "The incident's id, or its reference such as INC-2026-000005 (any case); every "
                    + "/incidents/{id} path takes either") @PathParam("id") String idOrReference,
            @Parameter(description = "What did we know then? " + QueryParams.TIME_FORMS) @QueryParam("asOf") String asOf) {
        Instant at = QueryParams.instant("asOf", asOf);
        IncidentSnapshot current = current(idOrReference);
        IncidentSnapshot visible = asked(idOrReference, () -> access.visible(caller(), current));
        if (at != null) {
            IncidentSnapshot then = incidents.asOf(current.id(), at)
                    .orElseThrow(() -> ProblemException.notFound("incident " + idOrReference + " had not been reported at " + at));
            return Response.ok(access.visibleAsOf(caller(), current, then).orElseThrow(() -> notFound(idOrReference)))
                    .build();
        }
        return Response.ok(visible).tag(new jakarta.ws.rs.core.EntityTag(String.valueOf(current.version()))).build();
    }

    @PATCH
    @Path("{id}")
    @RolesAllowed("analyst")
    @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
    @Operation(summary = "Change details", description = "JSON Merge Patch (RFC 7396) of the details; null removes a "
            + "field. Emits incident.updated with the changed fields. Honours If-Match.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = IncidentSnapshot.class)))
    @APIResponse(responseCode = "409", description = "The incident is closed or rejected", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "If-Match is stale", content = @Content(mediaType = PROBLEM))
    public Response patch(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
            @Schema(type = SchemaType.OBJECT, implementation = IncidentDetails.class) JsonNode patch)
            throws JsonProcessingException {
        return withEtag(incidents.patch(id(id), patch, ifMatch, caller()));
    }

    @POST
    @Path("{id}/triage")
    @RolesAllowed("analyst")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Triage", description = "REPORTED or TRIAGED to TRIAGED; sets requiredAuthorities (defaults "
            + "from the routing rules when omitted), may correct the severity and may give a rationale, which incident.triaged "
            + "and the timeline record. Emits incident.triaged.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = IncidentSnapshot.class)))
    @APIResponse(responseCode = "409", description = "Not allowed from the current status", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "If-Match is stale", content = @Content(mediaType = PROBLEM))
    public Response triage(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, TriageRequest body) {
        UUID incidentId = id(id);
        TriageRequest t = body == null ? new TriageRequest(null, null, null) : body;
        if (t.requiredAuthorities() != null && t.requiredAuthorities().stream().anyMatch(java.util.Objects::isNull)) {
            throw ProblemException.invalid("requiredAuthorities", "must not contain null");
        }
        if (t.rationale() != null && t.rationale().length() > 5000) {
            throw ProblemException.invalid("rationale", "must be at most 5000 characters");
        }
        String rationale = t.rationale() == null || t.rationale().isBlank() ? null : t.rationale();
        return withEtag(incidents.triage(incidentId, t.severity(), t.requiredAuthorities(), rationale, ifMatch, caller()));
    }

    @POST
    @Path("{id}/close")
    @RolesAllowed("analyst")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Close", description = "RESOLVED to CLOSED, or TRIAGED to CLOSED when no authority must investigate.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = IncidentSnapshot.class)))
    @APIResponse(responseCode = "409", description = "Not allowed from the current status", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "If-Match is stale", content = @Content(mediaType = PROBLEM))
    public Response close(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Decision body) {
        return withEtag(incidents.close(id(id), body == null ? null : body.reason(), ifMatch, caller()));
    }

    @POST
    @Path("{id}/reject")
    @RolesAllowed("analyst")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reject", description = "REPORTED or TRIAGED to REJECTED (duplicate, not an incident). Needs a reason.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = IncidentSnapshot.class)))
    @APIResponse(responseCode = "409", description = "Not allowed from the current status", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "If-Match is stale", content = @Content(mediaType = PROBLEM))
    public Response reject(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Decision body) {
        return withEtag(incidents.reject(id(id), reason(body), ifMatch, caller()));
    }

    @POST
    @Path("{id}/reopen")
    @RolesAllowed("analyst")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reopen", description = "RESOLVED or CLOSED back to INVESTIGATING. Needs a reason.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = IncidentSnapshot.class)))
    @APIResponse(responseCode = "409", description = "Not allowed from the current status", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "412", description = "If-Match is stale", content = @Content(mediaType = PROBLEM))
    public Response reopen(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Decision body) {
        return withEtag(incidents.reopen(id(id), reason(body), ifMatch, caller()));
    }

    @GET
    @Path("{id}/timeline")
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Operation(summary = "Timeline", description = "Every event of the incident, oldest first, with actor, time and hash.")
    public List<TimelineEntry> timeline(@PathParam("id") String idOrReference) {
        IncidentSnapshot now = current(idOrReference);
        asked(idOrReference, () -> access.requireFull(caller(), now));
        Function<String, Optional<String>> shown = access.loggedData(caller(), now);
        return eventLog.history(now.id()).stream()
                .flatMap(e -> shown.apply(e.data()).map(data -> TimelineEntry.of(e, data, json)).stream())
                .toList();
    }

    @GET
    @Path("{id}/timeline/verify")
    @RolesAllowed({"analyst", "investigator", "viewer"})
    @Operation(summary = "Verify the hash chain", description = "Recomputes the SHA-256 chain over the event log: "
            + "evidence for GDPR Art. 33(5) that the record was not altered.")
    public ChainVerification verify(@PathParam("id") String idOrReference) {
        IncidentSnapshot now = current(idOrReference);
        asked(idOrReference, () -> access.requireFull(caller(), now));
        return eventLog.verify(now.id());
    }

    private Caller caller() {
        return callers.current();
    }

    /**
     * The incident a path names, by its id or by the reference a person reads ({@code INC-2026-000005},
     * any case). 404 for a malformed id names the parameter.
     */
    private UUID id(String idOrReference) {
        String v = idOrReference == null ? "" : idOrReference.trim();
        if (QueryParams.isIncidentReference(v)) {
            return incidents.idOfReference(v).orElseThrow(() -> notFound(idOrReference));
        }
        return QueryParams.pathId("id", v);
    }

    private IncidentSnapshot current(String idOrReference) {
        return incidents.find(id(idOrReference)).map(i -> i.snapshot())
                .orElseThrow(() -> notFound(idOrReference));
    }

    /**
     * Runs a reader-rule check; a case hidden from the caller answers exactly as one that does not
     * exist under the name they asked for (design: "Which cases"), never with its id or reference.
     */
    private static <T> T asked(String idOrReference, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw notFound(idOrReference);
            }
            throw e;
        }
    }

    private static ProblemException notFound(String idOrReference) {
        return ProblemException.notFound("no incident " + idOrReference);
    }

    private static Response withEtag(IncidentSnapshot s) {
        return Response.ok(s).tag(new jakarta.ws.rs.core.EntityTag(String.valueOf(s.version()))).build();
    }

    private static String reason(Decision body) {
        if (body == null || body.reason() == null || body.reason().isBlank()) {
            throw ProblemException.invalid("reason", "is required");
        }
        if (body.reason().length() > 5000) {
            throw ProblemException.invalid("reason", "must be at most 5000 characters");
        }
        return body.reason();
    }


}
