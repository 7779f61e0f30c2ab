package nl.meldpunt.notification.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import nl.meldpunt.notification.domain.InvalidField;
import nl.meldpunt.notification.domain.InvalidTransition;
import nl.meldpunt.support.rest.Problem;
import nl.meldpunt.support.rest.ProblemException;

/** The domain's refusals as problem+json: a move the states do not allow is 409, a refused field 400. */
public class ObligationProblems {

    @ServerExceptionMapper
    public Response invalidTransition(InvalidTransition e, UriInfo uri) {
        return respond(ProblemException.conflict(e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response invalidField(InvalidField e, UriInfo uri) {
        return respond(ProblemException.invalid(e.field(), e.reason()), uri);
    }

    private static Response respond(ProblemException p, UriInfo uri) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p.toProblem(uri.getPath())).build();
    }
}
