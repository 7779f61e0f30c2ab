package nl.meldpunt.investigation.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import nl.meldpunt.investigation.domain.IncidentNotInvestigable;
import nl.meldpunt.investigation.domain.InvalidInput;
import nl.meldpunt.investigation.domain.InvalidTransition;
import nl.meldpunt.investigation.domain.OutcomeNotAllowed;
import nl.meldpunt.support.rest.Problem;
import nl.meldpunt.support.rest.ProblemException;

/** The domain's refusals as RFC 9457 problems: a move the lifecycle forbids is 409, bad input 400. */
public class DomainProblems {

    @ServerExceptionMapper
    public Response invalidTransition(InvalidTransition e, UriInfo uri) {
        return respond(ProblemException.conflict(e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response notInvestigable(IncidentNotInvestigable e, UriInfo uri) {
        return respond(ProblemException.conflict(e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response invalidInput(InvalidInput e, UriInfo uri) {
        return respond(ProblemException.invalid(e.violations().stream()
                .map(v -> new Problem.FieldError(v.field(), v.reason())).toList()), uri);
    }

    @ServerExceptionMapper
    public Response outcomeNotAllowed(OutcomeNotAllowed e, UriInfo uri) {
        return respond(ProblemException.unprocessable("outcome", e.getMessage()), uri);
    }

    private static Response respond(ProblemException e, UriInfo uri) {
        return Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(e.toProblem(uri.getPath())).build();
    }
}
