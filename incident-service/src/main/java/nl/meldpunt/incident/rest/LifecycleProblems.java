package nl.meldpunt.incident.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import nl.meldpunt.incident.domain.InvalidTransition;
import nl.meldpunt.support.rest.ProblemException;

/** A move the lifecycle does not allow is a conflict with the incident's current state: 409. */
public class LifecycleProblems {

    @ServerExceptionMapper
    public Response invalidTransition(InvalidTransition e, UriInfo uri) {
        ProblemException p = ProblemException.conflict(e.getMessage());
        return Response.status(409).type("application/problem+json").entity(p.toProblem(uri.getPath())).build();
    }
}
